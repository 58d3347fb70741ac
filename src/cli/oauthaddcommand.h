#pragma once

#include "argumentparser.h"
#include "oauthsubcommand.h"

// "authscope-cli oauth add NAME ...": saves a profile. Every option is checked before anything is
// read or written, and a problem names the option (exit 2); OAuthProfile::validate() has the last
// word, so the GUI and the CLI accept the same profiles. The client secret comes only from
// standard input (--client-secret-stdin, a pipe or a file) and goes only to the keychain.
// Exit status: 0, 2 bad input or a profile of that name already there (without --replace),
// 9 the profile index could not be written, 11 keychain unusable, 130 Ctrl-C.
class OAuthAddCommand : public OAuthSubcommand
{
    Q_OBJECT
public:
    // parsed: "oauth" options (OAuthCommand::Option ids), already parsed.
    OAuthAddCommand(const CliContext &context, const ArgumentParser &parsed, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;
    // While reading stdin: stops, saves nothing.
    void cancel() override;

private:
    // The profile the options describe, or nullopt after failing with the option named.
    std::optional<OAuthProfile> profileFromOptions(const QString &name);
    // An endpoint option's URL: absolute http(s) with a host, no fragment; else fails.
    bool takeUrl(int option, QUrl *url);
    // Checks the secret read from stdin, then saves.
    void onSecret(QByteArray secret);
    void save(QByteArray secret);
    // "saved OAuth profile ..." on stdout, then finishes.
    void reportSaved();

    ArgumentParser m_parsed;
    OAuthProfile m_adding;
    bool m_replacing = false; // a profile of that name exists (--replace): its tokens go once saved
};
