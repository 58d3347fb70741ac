#pragma once

#include "http/httprequest.h"
#include "http/proxysetting.h"

#include <QWidget>

class AuthEditor;
class BodyEditor;
class InsecureBanner;
class KeyValueTable;
class ProxyChooser;
class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

// Composes an HttpRequest: method, URL, headers, body, credentials (the Auth tab) and the options
// (redirects, time limit, TLS verification). Send and Cancel buttons drive the actions the
// window hands in.
class RequestEditor : public QWidget
{
    Q_OBJECT
public:
    enum Tab { HeadersTab, BodyTab, AuthTab };

    explicit RequestEditor(QWidget *parent = nullptr);

    // The request as composed. A URL typed without a scheme gets "http://", as curl does;
    // HttpRequest::validate() judges the rest (after check()).
    HttpRequest request() const;
    // What HttpRequest::validate() cannot see in the request (an API key value without a name).
    bool check(QString *error) const;

    // Every field from request, as request() would give it back (the Auth tab included).
    void setRequest(const HttpRequest &request);
    void setMethod(const QString &method);
    void setUrl(const QString &url);
    void setHeaders(const HeaderList &headers);
    void setFollowRedirects(bool follow);
    void setInsecureTls(bool insecure);
    // Seconds; 0 means no limit.
    void setMaxTime(double seconds);
    // The request's proxy (Default: the window's, Session > Proxy…); not part of HttpRequest: the
    // window applies it to its session before each exchange. check() refuses a URL that does not read.
    void setProxySetting(const ProxySetting &setting);
    ProxySetting proxySetting() const;

    // The buttons mirror the actions' enabled state and trigger them; Return in the URL field
    // triggers send.
    void setActions(QAction *send, QAction *cancel);

    QComboBox *methodSelector() const { return m_method; }
    QLineEdit *urlField() const { return m_url; }
    KeyValueTable *headersTable() const { return m_headers; }
    BodyEditor *bodyEditor() const { return m_body; }
    AuthEditor *authEditor() const { return m_auth; }
    QCheckBox *insecureSwitch() const { return m_insecure; }
    QCheckBox *followRedirectsSwitch() const { return m_followRedirects; }
    QDoubleSpinBox *maxTimeField() const { return m_maxTime; }
    QSpinBox *maxRedirectsField() const { return m_maxRedirects; }
    ProxyChooser *proxyChooser() const { return m_proxy; }
    InsecureBanner *insecureBanner() const { return m_banner; }
    QTabWidget *tabs() const { return m_tabs; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *cancelButton() const { return m_cancel; }

    static QStringList standardMethods();

signals:
    void insecureChanged(bool insecure);

private:
    void updateHeadersTabTitle();
    void updateAuthTabTitle();
    void updateInsecureLook();

    QComboBox *m_method;
    QLineEdit *m_url;
    QPushButton *m_send;
    QPushButton *m_cancel;
    InsecureBanner *m_banner;
    QCheckBox *m_followRedirects;
    QSpinBox *m_maxRedirects;
    QDoubleSpinBox *m_maxTime;
    QCheckBox *m_insecure;
    ProxyChooser *m_proxy;
    QTabWidget *m_tabs;
    KeyValueTable *m_headers;
    BodyEditor *m_body;
    AuthEditor *m_auth;
};
