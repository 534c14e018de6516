# --help and --version for plumb and every command.
. "$(dirname "$0")/../lib.sh"

t "main_help_lists_commands"
run --help
expect_rc 0
for cmd in init demo add edit move won lost delete log objection list show stats standup rules check backup; do
	grep -q "^  $cmd " "$T_DIR/out" || fail "help does not list $cmd"
done

t "every_command_has_help"
for cmd in init demo add edit move won lost delete log objection list show stats standup rules check backup; do
	run "$cmd" --help
	expect_rc 0
	grep -q "^Usage: plumb $cmd" "$T_DIR/out" || fail "$cmd --help has no usage line"
	grep -q -- "--db PATH" "$T_DIR/out" || fail "$cmd --help does not mention --db"
done

t "version"
run --version
expect_rc 0
grep -Eq '^plumb [0-9]+\.[0-9]+\.[0-9]+ \(schema [0-9]+\)$' "$T_DIR/out" || fail "bad version line: $OUT"
