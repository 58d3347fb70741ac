#include "refreshgrantjob.h"

#include "tokenendpointrequest.h"
#include "tokenresponse.h"

#include "http/leg.h"

RefreshGrantJob::RefreshGrantJob(GrantJob::Context context, QObject *parent) : GrantJob(std::move(context), parent) {}

void RefreshGrantJob::run()
{
    if (context().refreshToken.isEmpty()) {
        fail(Status(Status::Code::AuthenticationFailed, NoteCode::SignInRequired,
                    QStringLiteral("The profile \"%1\" has no refresh token: sign in again").arg(context().profile.name)));
        return;
    }
    TokenEndpointRequest request = tokenRequest();
    request.setIncludeScope(false);
    request.addParameter(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    request.addParameter(QStringLiteral("refresh_token"), context().refreshToken);
    sendTokenRequest(request.build(), QStringLiteral("refresh_token grant (RFC 6749 §6)"),
                     [this](TokenResponse &response, const Leg &leg) { finishWith(response, leg); });
}
