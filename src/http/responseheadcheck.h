#pragma once

#include "core/status.h"

class HeaderList;

// What AuthScope refuses in a response head before reading its body, where RFC 9112 makes it an
// error or Qt 6.4 would otherwise go on silently. Each refusal is a ProtocolError whose reason
// names the rule: status-out-of-range, header-limit, content-length-conflict, framing-conflict.
class ResponseHeadCheck
{
public:
    // Qt 6.4 (QHttpHeaderParser) drops every response field when there are more than this many
    // fields, or when one field line is longer than MaxFieldLineBytes; Content-Length goes with them.
    static constexpr int MaxFields = 100;
    static constexpr int MaxFieldLineBytes = 100 * 1024;

    // statusCode and headers as Qt reports them (repeated fields joined with ", "); http2 when the
    // response came over HTTP/2, where Qt has no such field limits. Ok when the head may be used.
    static Status check(int statusCode, const HeaderList &headers, bool http2);
};
