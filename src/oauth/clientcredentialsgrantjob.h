#pragma once

#include "grantjob.h"

// RFC 6749 §4.4: the client's own credentials for an access token, no user involved; the answer
// usually has no refresh token (the broker runs this grant again instead of refreshing).
class ClientCredentialsGrantJob : public GrantJob
{
    Q_OBJECT
public:
    explicit ClientCredentialsGrantJob(GrantJob::Context context, QObject *parent = nullptr);

protected:
    void run() override;
};
