/* Unit tests of the stats module. */
#include "test.h"

TESTS(stats) = {
	END_TESTS,
};
