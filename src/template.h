/*
 * template: Mustache (github.com/mustache/spec, inheritance and dynamic
 * names included; lambdas have no meaning without a host language).
 *
 * Templates are compiled once into a tree and kept in a set, by name: the
 * name NAME is the file NAME.mustache under layouts/ (or under the
 * --partials folder of `heraldo template render`), so "{{>partials/byline}}"
 * names "partials/byline".  Once every template is added, the set is
 * immutable and template_render may run on several threads at once.
 *
 * What the spec leaves open is settled so:
 *  - {{x}} escapes & < > " and also ' (as "&#39;", so that values are safe
 *    in single-quoted attributes too); {{{x}}} and {{&x}} do not escape.
 *  - Numbers print in their shortest round-trip form, booleans as
 *    "true"/"false", null, lists and maps as nothing (value_scalar_text).
 *  - In a dotted name, a part made of digits also indexes a list:
 *    {{#post.tags.0}} is true when the post has a tag.
 *  - A block override stays in force through the partials and parents
 *    that the parent template includes, so a layout's {{$title}} may sit
 *    in one of its partials.
 *  - Names hold no blanks; "{{a b}}", "{{a..b}}" and "{{}}" are errors.
 */
#ifndef HERALDO_TEMPLATE_H
#define HERALDO_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct diags;
struct value;
struct tpl_set;

/*
 * Partial/parent nesting deeper than this stops rendering with an error
 * (block overrides count too: an override may name its own block).
 */
#define TEMPLATE_MAX_DEPTH	64

/*
 * Sections, blocks and parents nested deeper than this in one template are
 * a syntax error, and rendering stops with an error past twice this depth
 * across partials, so that no template can exhaust the C stack.
 */
#define TEMPLATE_MAX_NESTING	1000

/*
 * One rendering stops with an error past any of these: partials, parents
 * and block overrides expanded (counted each time, not by depth), bytes
 * of output, and tags and texts rendered (each section pass counts its
 * content again).  The largest page of a 10,000-post site stays far
 * below each.
 */
#define TEMPLATE_MAX_EXPANSIONS	1000000
#define TEMPLATE_MAX_OUTPUT	(256 << 20)
#define TEMPLATE_MAX_STEPS	20000000

/* An empty set; never NULL.  template_set_free accepts NULL. */
struct tpl_set	*template_set_new(void);
void		 template_set_free(struct tpl_set *);

/*
 * Compile text[0..len) and add it under "name", replacing any template of
 * that name.  "path" (e.g. "layouts/post.mustache") places diagnostics; the
 * set keeps its own copies of name, path and text.  Returns 0, or -1 after
 * recording each syntax error (unclosed section, mismatched close tag, bad
 * delimiter change, unclosed tag, bad name, nesting too deep) at
 * path:line:col, columns counting bytes; a template with errors is not
 * added.  Not thread-safe: add every template before rendering.
 */
int	template_set_add(struct tpl_set *, const char *name, const char *path,
	    const char *text, size_t len, struct diags *);

/*
 * Add "name" as literal text: it renders as text[0..len) exactly (no tags
 * are read in it), indented like any partial.  For output rendered once
 * and included in many pages.  Returns 0.
 */
int	template_set_add_text(struct tpl_set *, const char *name,
	    const char *path, const char *text, size_t len);

/* Whether a template of that name was added. */
bool	template_set_has(const struct tpl_set *, const char *name);

/*
 * Whether a tag of the set's templates looks "name" up in the context
 * (as a name's first part: "name.x" does too).  What none looks up no
 * render can show: a build need not work it out.
 */
bool	template_set_uses(const struct tpl_set *, const char *name);

/*
 * Every name the set's tags look up, each part of a dotted name apart
 * ("params.team" gives "params" and "team"), sorted by strcmp, without
 * repeats: a front matter key by one of these names is one a layout
 * reads.  The array and names are in "a"; *n says how many.
 */
const char **template_set_names(const struct tpl_set *, size_t *n,
	    struct arena *a);

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
 * template, nesting deeper than TEMPLATE_MAX_DEPTH, more work than the
 * limits above allow) placed at the tag that caused it and naming "name";
 * "out" then holds what was rendered up to there.  A partial or
 * parent that names no template renders as nothing, as the spec says.
 * Reads the set and the value tree only: thread-safe.
 */
int	template_render(struct buf *out, const struct tpl_set *,
	    const char *name, const struct value *ctx, struct diags *);

/*
 * template_render, also setting *watched when a name led to a value
 * marked "watch" (a section's test counts as reading it).  A page whose
 * render read none of them depends on everything else in its context
 * only.
 */
int	template_render_watch(struct buf *out, const struct tpl_set *,
	    const char *name, const struct value *ctx, bool *watched,
	    struct diags *);

/*
 * Warn about each tag whose name no render since the set was made has
 * found, when the first render that missed it had a close name ("titel"
 * where "title" was): layouts/post.mustache:8:39: warning: {{titel}}:
 * no page has "titel"; did you mean "title"?  A name missing where no
 * close name was is left alone: optional values ({{#post.image}}) are
 * the rule.  Call once every page was rendered (a build that skipped
 * pages cannot know what they would have found).
 */
void	template_set_missing(const struct tpl_set *, struct diags *);

#endif /* !HERALDO_TEMPLATE_H */
