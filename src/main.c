/*
 * heraldo: the command line.  Reads argv, calls the module that does the
 * work, and maps its result to an exit status: 0 done, 1 content errors,
 * 2 bad usage.
 */
#include <stdio.h>
#include <string.h>

#include "cmd_template.h"

int
main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("heraldo %s\n", HERALDO_VERSION);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "template") == 0)
		return cmd_template(argc, argv);
	fprintf(stderr, "usage: heraldo build|serve|new|check|template\n");
	return 2;
}
