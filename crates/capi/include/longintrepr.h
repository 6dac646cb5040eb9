/* longintrepr.h -- the name older extensions include for the int layout. */
#include "cpython/longintrepr.h"
