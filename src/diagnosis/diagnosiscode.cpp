#include "diagnosiscode.h"
