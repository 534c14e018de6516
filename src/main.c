#include <locale.h>

#include "plumb/cli.h"

int main(int argc, char **argv)
{
	/* Widths and wide characters follow the user's locale. */
	setlocale(LC_ALL, "");
	return cli_main(argc, argv);
}
