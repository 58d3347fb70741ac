#include "diagramimage.h"
