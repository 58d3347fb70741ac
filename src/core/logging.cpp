#include "logging.h"

Q_LOGGING_CATEGORY(lcHttp, "authscope.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "authscope.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "authscope.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcExport, "authscope.export", QtInfoMsg)
