#include "challenge.h"

#include "core/httpgrammar.h"

QByteArray Challenge::param(const QByteArray &name) const
{
    for (const auto &p : params) {
        if (p.first.compare(name, Qt::CaseInsensitive) == 0)
            return p.second;
    }
    return QByteArray();
}

bool Challenge::hasParam(const QByteArray &name) const
{
    for (const auto &p : params) {
        if (p.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

static bool needsQuotes(const QByteArray &value)
{
    return !HttpGrammar::isToken(value);
}

QString Challenge::toDisplayString() const
{
    QByteArray out = scheme;
    if (!token68.isEmpty())
        return QString::fromLatin1(out + ' ' + token68);
    for (int i = 0; i < params.size(); ++i) {
        out += i == 0 ? " " : ", ";
        out += params.at(i).first + '=';
        const QByteArray &v = params.at(i).second;
        if (needsQuotes(v)) {
            QByteArray escaped = v;
            escaped.replace('\\', "\\\\").replace('"', "\\\"");
            out += '"' + escaped + '"';
        } else {
            out += v;
        }
    }
    return QString::fromUtf8(out);
}
