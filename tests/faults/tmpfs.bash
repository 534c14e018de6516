# A small tmpfs at $MNT for the full-disk tests (tests/faults/disk.sh,
# tests/tui/abuse/full_disk.sh): as root, or in a user and mount namespace
# where the kernel allows one. Source after lib.sh; when no tmpfs can be
# mounted it prints SKIP and ends the script.

# Re-run inside a user and mount namespace when not root.
if [ "$(id -u)" != 0 ] && [ -z "${PLUMB_IN_USERNS:-}" ] &&
	unshare --user --map-root-user --mount true 2>/dev/null; then
	PLUMB_IN_USERNS=1 exec unshare --user --map-root-user --mount bash "$0" "$@"
fi

MNT="$T_DIR/full"
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=512k,mode=0755 tmpfs "$MNT" 2>/dev/null; then
	echo "SKIP $KIND/$SCRIPT: cannot mount a tmpfs here (the VFS shim's full-disk loops still run)"
	t "skipped_without_tmpfs"
	exit 0
fi
unmount_tmpfs() { umount "$MNT" 2>/dev/null; }
resize_disk() { mount -o remount,size="$1" "$MNT"; }
# fill: takes every free byte of the tmpfs with a filler file.
fill() { dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null; sync; }
