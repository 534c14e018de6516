# Out of memory, SQLite's way: the Nth allocation fails, N rising over
# open, init, move, import and export until each completes. plumb's own
# allocations (xmalloc) end the program with one line; SQLite's become a
# clear error; either way nothing is half-written.
here=$(dirname "$0")
. "$here/loop.bash"
. "$here/ops.bash"
prepare_ops
for op in $OPS; do
	t "$op"
	fault_loop alloc "$op"
	fault_loop sqlite-alloc "$op"
	# Persistent failure: every allocation from the Nth on.
	fault_loop sqlite-alloc:persist "$op"
done
fault_summary
