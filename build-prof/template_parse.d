build-prof/template_parse.o: src/template_parse.c src/arena.h src/diag.h \
 src/template.h src/template_tree.h src/util.h
src/arena.h:
src/diag.h:
src/template.h:
src/template_tree.h:
src/util.h:
