#include "clientcredentialsgrantjob.h"

#include "tokenendpointrequest.h"
#include "tokenresponse.h"

#include "http/leg.h"

ClientCredentialsGrantJob::ClientCredentialsGrantJob(GrantJob::Context context, QObject *parent)
    : GrantJob(std::move(context), parent)
{
}

void ClientCredentialsGrantJob::run()
{
    TokenEndpointRequest request = tokenRequest();
    request.addParameter(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    sendTokenRequest(request.build(), QStringLiteral("client_credentials grant (RFC 6749 §4.4)"),
                     [this](TokenResponse &response, const Leg &leg) { finishWith(response, leg); });
}
