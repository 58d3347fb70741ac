#pragma once

#include "labmodule.h"

class LabCatalog;

// Proxy lessons: the lab as an HTTP proxy that demands 407 (RFC 9110 §11.7.1) and forwards what
// it lets through to the lab's own lessons (never to another host: 502 with a clear body), and a
// gateway (/gateway/...) in front of the lessons that strips the Authorization header.
class ProxyLab : public LabModule
{
public:
    // Forwards what it lets through to the catalog's modules (never to another host).
    explicit ProxyLab(LabCatalog *catalog);
    ~ProxyLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;

    static QString proxyUser();        // "proxy-user"
    static QByteArray proxyPassword(); // "proxy-pass"

private:
    LabResponse forward(const LabRequest &request);
    LabResponse throughGateway(const LabRequest &request);
    // The request as the lab's lessons see it after an intermediary: origin-form, viaProxy false,
    // a Via field added (RFC 9110 §7.6.3), without the fields named in dropped.
    static LabRequest inner(const LabRequest &request, const QString &path, const QByteArray &via,
                            const QList<QByteArray> &dropped);

    LabCatalog *m_catalog;
};
