#pragma once

#include <QLoggingCategory>

// Declared once here; never pass a secret to any of them (see export/secretredactor.h).
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcCli)
Q_DECLARE_LOGGING_CATEGORY(lcExport)
