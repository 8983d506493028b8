build-prof/cmd_serve.o: src/cmd_serve.c src/cmd_serve.h src/serve.h
src/cmd_serve.h:
src/serve.h:
