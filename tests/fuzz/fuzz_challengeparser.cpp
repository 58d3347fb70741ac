// libFuzzer target: ChallengeParser must never crash, hang or read out of bounds on any input,
// and every error position must lie inside the field it describes. Lines are separate fields.
// Each line is also read as credentials and as a bare parameter list, whose value spans must lie
// inside it (the redactor cuts values out by them).
#include "auth/challengeparser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), int(size));
    const QList<QByteArray> fields = input.split('\n');
    const ChallengeParser::Result result = ChallengeParser::parse(fields);
    for (int i = 0; i < result.errors.size(); ++i) {
        const int field = result.fieldIndexOfError(i);
        if (field < 0 || field >= fields.size() || result.errors.at(i).position < 0
            || result.errors.at(i).position > fields.at(field).size())
            abort();
    }
    for (const Challenge &c : result.challenges) {
        if (c.scheme.isEmpty())
            abort();
        (void)c.toDisplayString();
    }
    for (const QByteArray &field : fields) {
        for (const auto &parsed : {ChallengeParser::parseCredentials(field), ChallengeParser::parseParamList(field)}) {
            for (const ChallengeParser::ParamSpan &p : parsed.params) {
                if (p.valueStart < 0 || p.valueLength < 1 || p.valueStart + p.valueLength > field.size())
                    abort();
            }
            for (const ChallengeParseError &e : parsed.errors) {
                if (e.position < 0 || e.position > field.size())
                    abort();
            }
        }
    }
    return 0;
}
