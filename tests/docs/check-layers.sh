#!/usr/bin/env bash
# ctest docs.layers: the lines doc/design.md says are never crossed, checked
# on the source (comments and string literals stripped first).
#  1. planners never include the executor or the backend API, never call a
#     primitive that changes entities already in a model (place, unlink,
#     relink, set_*), never commit, and never cast the const off a model.
#     (The builder's rasgw__model_add_* is allowed: scale.c validates specs
#     by building them into a scratch model of its own.)
#  2. the health tracker includes neither the model, plans, planners nor the
#     executor;
#  3. the executor never changes the model (no mutation primitive, no
#     commit) and includes no planner;
#  4. nothing in lib/ reads a clock or the environment, opens a socket,
#     prints, aborts or exits, or calls the C library's allocator directly
#     (lib/core/alloc.c, the default allocator, excepted).
#
# usage: check-layers.sh SOURCE_DIR
set -euo pipefail
export LC_ALL=C

src=${1:?source dir}
cd "$src/lib"
fail=0

# Print "file:line: code" for each line of the stripped sources matching $1.
scan() {
	local pattern=$1
	shift
	local f
	for f in "$@"; do
		[[ -f "$f" ]] || continue
		perl -0777 -pe '
			s{/\*.*?\*/}{ my $c = $&; $c =~ s/[^\n]//g; $c }gse;
			s{//[^\n]*}{}g;
			s{^(\s*#\s*include\s*)"([^"\n]*)"}{$1<$2>}gm;
			s{"(?:\\.|[^"\\\n])*"}{""}g;
			s{'"'"'(?:\\.|[^'"'"'\\\n])+'"'"'}{0}g;' "$f" |
			grep -nE "$pattern" | sed "s#^#$f:#" || true
	done
}

report() {
	local what=$1 hits=$2
	if [[ -n "$hits" ]]; then
		echo "FAIL: $what:" >&2
		echo "$hits" | sed 's/^/    /' >&2
		fail=1
	fi
}

mutators='\brasgw__(model_(unlink_[a-z]+|relink_[a-z]+|link_[a-z]+|place|place_reserve|set_[a-z_]+)|pool_link_gateway)\s*\('
builder='\brasgw__model_add_[a-z]+\s*\('
shopt -s nullglob

planners=(planners/*.c planners/*.h)
report "planners include the executor or the backend API" \
	"$(scan '#\s*include\s*[<"](exec/|rasgw/exec\.h|rasgw/sys/|\.\./exec/)' "${planners[@]}")"
report "planners call a model mutation primitive (they must only read the model)" \
	"$(scan "$mutators" "${planners[@]}")"
report "planners cast the const off a model" \
	"$(scan '\(\s*(struct\s+)?rasgw_model\s*\*\s*\)' "${planners[@]}")"
report "planners call rasgw_model_commit()" "$(scan '\brasgw_model_commit\s*\(' "${planners[@]}")"

health=(health/*.c health/*.h)
report "the health tracker includes the model, plans, planners or the executor" \
	"$(scan '#\s*include\s*[<"](model/|plan/|planners/|exec/|rasgw/(model|plan|place|failover|scale|exec)\.h)' "${health[@]}")"

exec=(exec/*.c exec/*.h)
report "the executor changes the model" \
	"$(scan "$mutators|$builder|\\brasgw_model_commit\\s*\\(" "${exec[@]}")"
report "the executor includes a planner" "$(scan '#\s*include\s*[<"]planners/' "${exec[@]}")"

mapfile -t all < <(find . -name '*.[ch]' ! -path './plugins/*' | sed 's#^\./##' | sort)
report "lib/ reads a clock or the environment, opens a socket, prints or exits" \
	"$(scan '(^|[^A-Za-z0-9_>.])(time|clock|clock_gettime|gettimeofday|getenv|secure_getenv|socket|connect|bind|printf|vprintf|puts|putchar|perror|abort|exit|_Exit|system|rand|srand)\s*\(|\b(stdout|stderr)\b' "${all[@]}")"
not_alloc=()
for f in "${all[@]}"; do [[ "$f" == core/alloc.c ]] || not_alloc+=("$f"); done
report "lib/ calls the C library's allocator directly (use rasgw__malloc ...)" \
	"$(scan '(^|[^A-Za-z0-9_>.])(malloc|calloc|realloc|reallocarray|free|strdup|strndup)\s*\(' "${not_alloc[@]}")"

if ((fail)); then
	echo "docs.layers: FAILED" >&2
	exit 1
fi
echo "docs.layers: ${#all[@]} files of lib/ keep to the lines of doc/design.md"
