/*
 * template_tree: the compiled form of a Mustache template, private to the
 * template module.  template_parse.c builds it, template_render.c walks
 * it, template.c keeps the set.  Everything here lives in the set's arena
 * and is never changed once template_set_add returns.
 *
 * Whitespace is settled at compile time: standalone lines are already cut
 * out of the text nodes, and the flags below mark every place where a line
 * of the template begins, so that the renderer can indent an indented
 * partial "line by line, before rendering" (spec: partials.yml) without
 * looking at the source again.
 */
#ifndef HERALDO_TEMPLATE_TREE_H
#define HERALDO_TEMPLATE_TREE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diags;

enum tpl_kind {
	TPL_TEXT,	/* literal text */
	TPL_VAR,	/* {{x}}: HTML-escaped */
	TPL_RAW,	/* {{{x}}}, {{&x}} */
	TPL_SECTION,	/* {{#x}}...{{/x}} */
	TPL_INVERTED,	/* {{^x}}...{{/x}} */
	TPL_PARTIAL,	/* {{>x}}, {{>*x}} */
	TPL_PARENT,	/* {{<x}}...{{/x}}; kids are its argument blocks */
	TPL_BLOCK	/* {{$x}}...{{/x}} */
};

/* A line of the template starts right before this node. */
#define TPL_BOL		0x01u
/* A line starts right before the close tag: at the end of the content. */
#define TPL_CLOSE_BOL	0x02u
/* The name is looked up in the context ({{>*x}}, {{<*x}}). */
#define TPL_DYNAMIC	0x04u
/* Partial or parent alone on its line: expand it indented by "ind". */
#define TPL_STANDALONE	0x08u
/* Block whose open tag ended its line: an override starts a line. */
#define TPL_IND_FIRST	0x10u
/* Argument block whose open tag ended its line. */
#define TPL_OPEN_ALONE	0x20u
/* Text with a newline before its last byte. */
#define TPL_NL		0x40u

/* One part of a dotted name: "a.b.0" is "a", "b", "0". */
struct tpl_part {
	const char	*s;
	size_t		 len;
	size_t		 index;	/* as a list index, or SIZE_MAX */
};

/*
 * What the renders of a build learnt of a name looked up in the context
 * (the one part of a node that changes after compiling): whether any
 * found it, and, from the first that did not, the name that was there
 * and is closest to the missing part.  See template_set_missing.
 */
#define TPL_FOUND	0x01u
#define TPL_MISSED	0x02u
struct tpl_probe {
	atomic_uint	 state;		/* TPL_FOUND | TPL_MISSED */
	size_t		 part;		/* the part not found */
	char		 near[64];	/* the close name there was, or "" */
};

/*
 * A node: "s" is the text, or the name without any '*'; "parts" the name
 * split at dots (none for "."); "kids" the content of a section or block,
 * or a parent's argument blocks; "ind" the indentation added to what a
 * partial, parent or block expands to.  Tags are placed at line:col, the
 * column counting bytes from 1; text nodes have no place.
 */
struct tpl_node {
	enum tpl_kind		 kind;
	unsigned		 flags;
	unsigned		 line;
	unsigned		 col;
	const char		*s;
	size_t			 len;
	const struct tpl_part	*parts;
	size_t			 nparts;
	const struct tpl_node	*kids;
	size_t			 nkids;
	const char		*ind;
	size_t			 indlen;
	struct tpl_probe	*probe;		/* names looked up, or NULL */
};

struct tpl {
	const char		*name;
	const char		*path;
	const struct tpl_node	*nodes;
	size_t			 n;
};

struct tpl_set {
	struct arena	*a;
	struct tpl	**v;	/* in the order added */
	size_t		 n, cap;
	struct tpl	**tab;	/* open addressing on the name */
	size_t		 tabsize;
};

/*
 * Compile text[0..len) (NUL-terminated, in "a", kept as long as the tree:
 * text nodes point into it) into t->nodes.  Diagnostics are placed in
 * t->path.  Returns 0, or -1 after recording every syntax error found.
 */
int	template_compile(struct tpl *t, const char *text, size_t len,
	    struct arena *a, struct diags *d);

/* The template called name[0..len), or NULL. */
const struct tpl *template_set_find(const struct tpl_set *,
	    const char *name, size_t len);

#endif /* !HERALDO_TEMPLATE_TREE_H */
