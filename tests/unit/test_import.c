/* Unit tests of the import module. */
#include "test.h"

TESTS(import) = {
	END_TESTS,
};
