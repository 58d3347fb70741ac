#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// One step of what a scheme computed: a name, the formula in the RFC's words, the exact bytes it
// hashed (or signed) and the result, so a reader can recompute it with any tool.
struct ComputationStep
{
    QString name;         // "HA1", "HA2", "response", "rspauth", "username (userhash)"
    QString formula;      // "SHA-256(username \":\" realm \":\" password)"
    QByteArray input;     // the bytes hashed; the password never: it stands as PasswordPlaceholder
    QByteArray value;     // the result, lower-case hex for a hash
    // The value stands in for the password (Digest's HA1 lets anyone answer that realm): views mask
    // it until secrets are revealed, exports redact it unless secrets are included.
    bool secretValue = false;
    // Only for a check of the server's answer (rspauth): whether the server's value matched.
    enum class Check { None, Matched, Mismatched };
    Check check = Check::None;
    QByteArray expected;  // what the server sent, for a check
};

// What a scheme computed for one leg: the Authorization it sent (Digest's HA1, HA2 and response)
// or the check of the server's Authentication-Info (rspauth). Empty for schemes that compute
// nothing (Basic, Bearer, API keys). Later schemes (SigV4's canonical request, string to sign and
// signature; NTLM's responses) record their steps here too.
struct AuthComputation
{
    QString scheme;                                  // "Digest"
    QString title;                                   // "Digest SHA-256-sess, qop=auth-int, userhash"
    QList<QPair<QByteArray, QByteArray>> parameters; // the inputs by name, in the order used: algorithm, realm, nonce, cnonce, nc, qop, method, uri, ...
    QList<ComputationStep> steps;

    bool isEmpty() const { return steps.isEmpty(); }
    // A copy fit to show or save without secrets: each secret value, and wherever it went into a
    // later step's input (HA1 in the response's), stands as the step's name in angle brackets.
    AuthComputation redacted() const
    {
        AuthComputation copy = *this;
        for (const ComputationStep &secret : steps) {
            if (!secret.secretValue || secret.value.isEmpty())
                continue;
            const QByteArray mask = '<' + secret.name.toUtf8() + '>';
            for (ComputationStep &step : copy.steps) {
                step.input.replace(secret.value, mask);
                if (step.secretValue && step.value == secret.value)
                    step.value = mask;
            }
        }
        return copy;
    }
    // Stands where the password went into an input.
    static QByteArray passwordPlaceholder() { return QByteArrayLiteral("<password>"); }
};
