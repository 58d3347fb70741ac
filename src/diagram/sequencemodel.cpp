#include "sequencemodel.h"
