/** Config templates shared by the interop tests; `{DIR}` is each daemon's own directory. */

/** The servers, [supervisord] and [supervisorctl] on each side's unix socket. */
export const COMMON = `[unix_http_server]
file={DIR}/sv.sock
chmod=0760

[supervisord]
logfile={DIR}/supervisord.log
pidfile={DIR}/supervisord.pid
childlogdir={DIR}/logs
identifier=supervisor
nodaemon=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{DIR}/sv.sock
`;

/**
 * Programs whose outcome does not depend on timing: they stay up, cannot spawn, or (quick) live
 * just long enough for `start` to see RUNNING — a child exiting at once races supervisord's reap
 * (`started` or `abnormal termination`, either can happen).
 */
export const PROGRAMS = `
[program:sleeper]
command=/bin/sh -c "echo sleeper-out; echo sleeper-err >&2; exec sleep 1000"
startsecs=0
stopwaitsecs=5

[program:quick]
command=/bin/sh -c "echo quick-said-hello; sleep 0.3"
autostart=false
autorestart=false
startsecs=0

[program:fail]
command=/nonexistent/prog
autostart=false
startretries=0

[program:cat]
command=cat
autostart=false
startsecs=0

[program:colour]
command=/bin/sh -c "printf '\\033[31mred\\033[0m caf\\303\\251\\n'; exec sleep 1000"
startsecs=0

[program:ticker]
command=/bin/sh -c "i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.2; done"
autostart=false
startsecs=0

[program:multi]
command=sleep 1000
numprocs=2
process_name=%(program_name)s_%(process_num)02d
startsecs=0
priority=5

[group:grp]
programs=g1,g2

[program:g1]
command=sleep 1000
startsecs=0

[program:g2]
command=sleep 1000
autostart=false
startsecs=0
`;

export const BASE_CONFIG = COMMON + PROGRAMS;

/** Appended for `reread`/`update`/`add`/`remove`: one group added, one changed, one removed. */
const CHANGED_PROGRAMS = PROGRAMS.replace('[program:quick]\ncommand=/bin/sh -c "echo quick-said-hello; sleep 0.3"', '[program:quick]\ncommand=/bin/sh -c "echo quick-changed"').replace(
  /\[program:cat\][^[]*/,
  '',
) + `
[program:newone]
command=sleep 1000
startsecs=0
`;

export const CHANGED_CONFIG = COMMON + CHANGED_PROGRAMS;

/** An inet server with a password, for the TCP run; `{PORT}` is filled in by the test. */
export const INET_CONFIG = `[inet_http_server]
port=127.0.0.1:{PORT}
username=user
password={SHA}${'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' /* sha1("test") */}

[supervisord]
logfile={DIR}/supervisord.log
pidfile={DIR}/supervisord.pid
childlogdir={DIR}/logs
nodaemon=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=http://127.0.0.1:{PORT}
username=user
password=test

[program:sleeper]
command=sleep 1000
startsecs=0
`;
