#include "diagnoser.h"
