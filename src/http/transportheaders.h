#pragma once

#include "headerlist.h"

#include <QUrl>

// The fields Qt's HTTP/1.1 stack adds when a request leaves (QHttpNetworkConnection prepares them
// and offers no way to read them back). Predicting them here lets every leg show the request as
// it really went out; tests compare the prediction with what a real server received.
class TransportHeaders
{
public:
    // explicitFields: everything AuthScope sets itself. bodySize < 0 means no body.
    static HeaderList predict(const QUrl &url, const HeaderList &explicitFields, qint64 bodySize,
                              bool viaHttpProxy);
    // Merges a prediction with the explicit fields in the order Qt writes them: Host first, then
    // the explicit fields and Accept-Encoding (which LegJob sets), then the rest.
    static HeaderList asSent(const HeaderList &explicitFields, const HeaderList &transport);
};
