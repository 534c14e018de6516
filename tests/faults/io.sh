# I/O errors, SQLite's way: a shim VFS fails the Nth write (SQLITE_IOERR
# or SQLITE_FULL, a full disk) or the Nth sync, N rising over open, init,
# move, import and export until each completes: a clear error or success,
# and the data fully there or as it was.
here=$(dirname "$0")
. "$here/loop.bash"
. "$here/ops.bash"
prepare_ops
for op in $OPS; do
	t "$op"
	fault_loop write "$op"
	fault_loop full "$op"
	fault_loop sync "$op"
	fault_loop write:persist "$op"
done
fault_summary
