# hosts.mk: builds the test hosts. Read after the top Makefile, for its
# CORE_SRC, WARNINGS, STD and library flags:
#
#   make -f Makefile -f tests/hosts/hosts.mk VARIANT=plain|asan|tsan hosts
#
# Each variant compiles the core, the binding (src/lua_kata/) and the hosts with its own
# flags into build/hosts/$(VARIANT). The hosts link kata statically and
# liblua5.4 dynamically (Debian's, not instrumented).

VARIANT ?= plain
HOST_DIR = build/hosts/$(VARIANT)
LUA_HOST_CFLAGS = $(shell pkg-config --cflags lua5.4 2>/dev/null || echo -I/usr/include/lua5.4)
LUA_HOST_LIBS = $(shell pkg-config --libs lua5.4 2>/dev/null || echo -llua5.4)

ifeq ($(VARIANT),plain)
HOST_CC = $(CC)
HOST_FLAGS = -O2 -g
else ifeq ($(VARIANT),asan)
HOST_CC = $(CC)
HOST_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifeq ($(VARIANT),tsan)
HOST_CC = clang
HOST_FLAGS = -O1 -g -fsanitize=thread -fno-omit-frame-pointer
else
$(error VARIANT must be plain, asan or tsan)
endif

HOST_CFLAGS = $(STD) $(WARNINGS) $(HOST_FLAGS) -Isrc $(UTF8PROC_CFLAGS)
HOST_OBJ = $(CORE_SRC:src/%.c=$(HOST_DIR)/obj/%.o) $(LUA_SRC:src/%.c=$(HOST_DIR)/obj/%.o)
HOST_LIBS = $(LUA_HOST_LIBS) $(UTF8PROC_LIBS) $(STEMMER_LIBS) -lpthread -lm

.PHONY: hosts
# Keep the objects (make would delete them as intermediates of the hosts).
.SECONDARY: $(HOST_OBJ)
hosts: $(HOST_DIR)/oom $(HOST_DIR)/threads

$(HOST_DIR)/obj/core/%.o: src/core/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -Isrc/core -c $< -o $@

$(HOST_DIR)/obj/lua_kata/%.o: src/lua_kata/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(LUA_HOST_CFLAGS) -c $< -o $@

$(HOST_DIR)/%: tests/hosts/%.c tests/hosts/host.h $(HOST_OBJ)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -D_XOPEN_SOURCE=700 $(LUA_HOST_CFLAGS) $< $(HOST_OBJ) $(HOST_LIBS) -o $@
