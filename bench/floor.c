/*
 * The floor for "time to first frame": the least a curses program does to
 * put one line on the screen, set up as plumb sets up its terminal (locale,
 * wide-character ncurses, cbreak, keypad, colours). Waits for q.
 */
#include <curses.h>
#include <locale.h>

int main(void)
{
	setlocale(LC_ALL, "");
	if (!initscr())
		return 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	mvaddstr(LINES - 1, 0, "floor ready");
	refresh();
	while (getch() != 'q')
		;
	endwin();
	return 0;
}
