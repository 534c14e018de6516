/* plumb-faults: plumb with the fault shims of faults.h installed first. */
#include <locale.h>
#include <stdio.h>

#include "../faults/faults.h"
#include "plumb/cli.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (faults_init() != 0)
		return 2;
	return cli_main(argc, argv);
}
