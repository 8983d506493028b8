build-prof/post.o: src/post.c src/arena.h src/buf.h src/config.h \
 src/datefmt.h src/diag.h src/frontmatter.h src/gitsrc.h src/i18n.h \
 src/markdown.h src/pool.h src/post.h src/text.h src/url.h src/util.h \
 src/value.h
src/arena.h:
src/buf.h:
src/config.h:
src/datefmt.h:
src/diag.h:
src/frontmatter.h:
src/gitsrc.h:
src/i18n.h:
src/markdown.h:
src/pool.h:
src/post.h:
src/text.h:
src/url.h:
src/util.h:
src/value.h:
