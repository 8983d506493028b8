/*
 * cmd_template: `heraldo template render FILE --data DATA [--partials DIR]`,
 * which renders one Mustache template outside a site, to try a layout or
 * to run the Mustache spec through the command line.
 */
#ifndef HERALDO_CMD_TEMPLATE_H
#define HERALDO_CMD_TEMPLATE_H

/*
 * Run the command; argv is main's (argv[1] is "template").  FILE is
 * rendered with the YAML or JSON document DATA as its context, and exactly
 * the rendered bytes go to stdout.  Every *.mustache file under DIR
 * (default: FILE's folder), at any depth, is a partial or parent named by
 * its path relative to DIR without ".mustache"; FILE itself is named by
 * its base name without ".mustache".  Errors go to stderr, compiler-style;
 * a partial named literally but missing is a warning (it renders as
 * nothing, as the spec says).  Returns the exit status: 0 rendered, 1
 * errors in a template or the data, 2 bad usage.
 */
int	cmd_template(int argc, char **argv);

#endif /* !HERALDO_CMD_TEMPLATE_H */
