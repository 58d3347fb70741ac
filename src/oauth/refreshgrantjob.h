#pragma once

#include "grantjob.h"

// RFC 6749 §6: the refresh token (Context::refreshToken) for a new access token. The scope is
// not sent again (the original grant's applies); resource and audience are. Without a refresh
// token it ends with sign-in-required. A response without refresh_token leaves tokens() without
// one: the caller keeps the old refresh token; a response with a new one is a rotation.
class RefreshGrantJob : public GrantJob
{
    Q_OBJECT
public:
    explicit RefreshGrantJob(GrantJob::Context context, QObject *parent = nullptr);

protected:
    void run() override;
};
