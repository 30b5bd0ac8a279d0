// Imported before ink: with CI set, Ink writes nothing until unmount (is-in-ci is read at import time),
// and chalk needs FORCE_COLOR to emit styles to a non-TTY test process.
delete process.env['CI'];
process.env['FORCE_COLOR'] = '1';
