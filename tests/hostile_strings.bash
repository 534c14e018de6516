# The hostile strings of tests/cli/hostile.sh and tests/tui/board/hostile.sh:
# NAME|TEXT, TEXT in printf %b notation (no NUL: argv and SQLite text
# cannot carry one, and the CSV reader refuses it).
HOSTILE_STRINGS=(
	'csi|Evil \033[2J\033[H\033[31mred\033[0m \033[6n'
	'osc_title|\033]0;pwned\007 and \033]2;pwned\033\\ title'
	'osc_clipboard|\033]52;c;cHduZWQ=\007 \033]8;;http://evil.example/\007link\033]8;;\007'
	'c0|A\001\002\003\004\005\006\007\010\011\012\013\014\015\016\017\020\021\022\023\024\025\026\027\030\031\032\033\034\035\036\037Z'
	'del|before\177after\177'
	'c1_utf8|\302\233 31m \302\235 0;x\302\234 \302\205 \302\220 dcs'
	'c1_raw|\23331m raw \235 osc \220'
	'bidi|invoice \342\200\256 fdp.exe \342\201\246x\342\201\251 \342\200\217 \330\234 \342\200\250 \342\200\251'
	'zero_width|e\314\201\314\201\314\201 \342\200\213\342\200\215\357\273\277 z\315\217'
	'bad_utf8|\300\257 \340\200\257 \355\240\200 \364\220\200\200 \377 \303'
	'format|%n%n%s%s%x%p%99999999d %1$s'
	'sql|x'"'"'); DROP TABLE deals;-- " OR 1=1 -- \\'
	'csv|=HYPERLINK("http://x";"y") +1 -2 @SUM "q, with comma"'
	'wide|\355\225\234\352\265\255\354\226\264 \346\227\245\346\234\254 \360\237\230\200\360\237\221\251\342\200\215\360\237\222\273'
)

# hostile_text NAME: the bytes of one string (64k is built here).
hostile_text() {
	local entry
	if [ "$1" = 64k ]; then
		/usr/bin/python3 -c 'import sys; sys.stdout.buffer.write((b"long \x1b[2J\xe2\x80\xae\x7f " * 6000)[:65536])'
		return
	fi
	for entry in "${HOSTILE_STRINGS[@]}"; do
		if [ "${entry%%|*}" = "$1" ]; then
			printf '%b' "${entry#*|}"
			return
		fi
	done
	return 1
}

hostile_names() {
	local entry
	for entry in "${HOSTILE_STRINGS[@]}"; do echo "${entry%%|*}"; done
	echo 64k
}

# terminal_safe FILE: no byte a terminal would act on, valid UTF-8 (the
# tests run in C.UTF-8). Prints what it found; non-zero when unsafe.
terminal_safe() {
	/usr/bin/python3 - "$1" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    print('invalid UTF-8:', e, repr(data[max(0, e.start - 20):e.end + 20]))
    sys.exit(1)
bidi = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C, 0x2028, 0x2029}
for i, ch in enumerate(text):
    c = ord(ch)
    if (c < 0x20 and ch != '\n') or c == 0x7F or 0x80 <= c < 0xA0 or c in bidi:
        print('control U+%04X at %d: %r' % (c, i, text[max(0, i - 20):i + 20]))
        sys.exit(1)
EOF
}
