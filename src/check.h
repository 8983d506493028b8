/*
 * check: "heraldo check", the checks run on a built output tree.
 *
 *   every .xml file is well-formed XML
 *   every internal link of an HTML page (href, src, srcset, poster)
 *   resolves to a file of the tree; a folder URL means its index.html
 *   every entry link of an Atom or RSS feed and every sitemap <loc> that
 *   points inside the site resolves to a file of the tree
 *
 * A link points inside the site when it is relative, or root-relative
 * under the site's base path, or absolute under the site's base URL.
 * The base URL is read from the self link of /feeds/atom.xml (or of the
 * first feed that has one); without feeds, only relative and
 * root-relative links are followed, against the base path "/".
 * HTML is read with libxml2's HTML parser, which does not know HTML5:
 * markup conformance is left to htmlcheck.py and the Nu checker.
 */
#ifndef HERALDO_CHECK_H
#define HERALDO_CHECK_H

struct diags;

/*
 * Check the tree under "out_dir".  Each finding is an error recorded at
 * the file that holds it ("public/2012/12/x.html", its line when known),
 * the path being out_dir joined with the file's place in the tree.
 * Returns 0 when there is none, else -1.
 */
int	check_run(const char *out_dir, struct diags *d);

#endif /* !HERALDO_CHECK_H */
