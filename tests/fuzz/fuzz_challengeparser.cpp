// libFuzzer target: ChallengeParser must never crash, hang or read out of bounds on any input,
// and every error position must lie inside the field it describes. Lines are separate fields.
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
    return 0;
}
