build-prof/frontmatter.o: src/frontmatter.c src/arena.h src/diag.h \
 src/frontmatter.h src/loader.h src/value.h
src/arena.h:
src/diag.h:
src/frontmatter.h:
src/loader.h:
src/value.h:
