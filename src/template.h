/*
 * template: Mustache (github.com/mustache/spec, inheritance and dynamic
 * names included; lambdas have no meaning without a host language).
 *
 * Templates are compiled once into a tree and kept in a set, by name: the
 * name NAME is the file NAME.mustache under layouts/ (or under the
 * --partials folder of `heraldo template render`), so "{{>partials/byline}}"
 * names "partials/byline".  Once every template is added, the set is
 * immutable and template_render may run on several threads at once.
 */
#ifndef HERALDO_TEMPLATE_H
#define HERALDO_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct diags;
struct value;
struct tpl_set;

/* Partial/parent nesting deeper than this stops rendering with an error. */
#define TEMPLATE_MAX_DEPTH	64

/* An empty set; never NULL.  template_set_free accepts NULL. */
struct tpl_set	*template_set_new(void);
void		 template_set_free(struct tpl_set *);

/*
 * Compile text[0..len) and add it under "name", replacing any template of
 * that name.  "path" (e.g. "layouts/post.mustache") places diagnostics; the
 * set keeps its own copies of name, path and text.  Returns 0, or -1 after
 * recording each syntax error (unclosed section, mismatched close tag, bad
 * delimiter change, unclosed tag) at path:line:col.
 */
int	template_set_add(struct tpl_set *, const char *name, const char *path,
	    const char *text, size_t len, struct diags *);

/* Whether a template of that name was added. */
bool	template_set_has(const struct tpl_set *, const char *name);

/*
 * Check that every partial and parent named literally in the set's
 * templates exists; records an error at the tag for each one that does
 * not.  (The spec renders a missing partial as empty text, which
 * template_render does; a build calls this first to catch typos.)
 */
int	template_set_check(const struct tpl_set *, struct diags *);

/*
 * Render template "name" with "ctx" as the root of the context stack,
 * appending to "out".  Returns 0, or -1 after recording an error (unknown
 * template, nesting deeper than TEMPLATE_MAX_DEPTH) placed at the tag that
 * caused it.  Reads the set and the value tree only: thread-safe.
 */
int	template_render(struct buf *out, const struct tpl_set *,
	    const char *name, const struct value *ctx, struct diags *);

#endif /* !HERALDO_TEMPLATE_H */
