"""Call every supervisor.* / system.* method once through Python's xmlrpc.client, as a monitoring
script would, and print one normalized JSON line per call (pids, times, dirs masked).

usage: call-every-method.py <unix socket path> <daemon dir>
"""
import json
import re
import sys
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

sock, base = sys.argv[1], sys.argv[2]
proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + sock))
daemon_pid = proxy.supervisor.getPID()

TIME_KEYS = {'pid', 'now', 'start', 'stop'}


def norm(v, key=None):
    if isinstance(v, dict):
        return {k: norm(x, k) for k, x in v.items()}
    if isinstance(v, list):
        items = [norm(x) for x in v]
        # group/all results complete in an order that races the children's exits
        if items and all(isinstance(x, dict) and 'status' in x and 'group' in x for x in items):
            items.sort(key=lambda x: (x['group'], x['name']))
        return items
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        if key in TIME_KEYS and v != 0:
            return '<N>'
        return '<PID>' if v == daemon_pid else v
    if isinstance(v, str):
        v = v.replace(base, '<DIR>')
        v = re.sub(r'---supervisor-[a-z0-9_]{8}\.log', '---supervisor-<RND>.log', v)
        v = re.sub(r'pid \d+', 'pid <PID>', v)
        v = re.sub(r'uptime [\d:, days]+', 'uptime <UP>', v)
        v = re.sub(r'[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M', '<DATE>', v)
        return v
    return v


def call(name, *args):
    ns, method = name.split('.')
    try:
        result = getattr(getattr(proxy, ns), method)(*args)
    except xmlrpc.client.Fault as f:
        result = {'FAULT': [f.faultCode, f.faultString]}
    if name == 'system.listMethods':
        # Our own namespace (supervisortui.*) is the one intended difference; every 4.2.5 name must match.
        result = [m for m in result if not m.startswith('supervisortui.')]
    print(name + ' ' + json.dumps(norm(result), sort_keys=True), flush=True)


def quick_exited():
    """quick lives 0.3 s: wait it out (unprinted) so later calls do not race its exit."""
    deadline = time.time() + 10
    while proxy.supervisor.getProcessInfo('quick')['statename'] in ('STARTING', 'RUNNING') and time.time() < deadline:
        time.sleep(0.05)


call('system.listMethods')
call('system.methodHelp', 'supervisor.getPID')
call('system.methodSignature', 'supervisor.startProcess')
call('system.multicall', [
    {'methodName': 'supervisor.getPID'},
    {'methodName': 'supervisor.nosuch', 'params': []},
    {'methodName': 'supervisor.getProcessInfo', 'params': ['nosuch']},
    {'params': []},
    {'methodName': 'system.multicall', 'params': [[]]},
    {'methodName': 'supervisor.getPID', 'params': [1]},
])
call('supervisor.getAPIVersion')
call('supervisor.getVersion')
call('supervisor.getSupervisorVersion')
call('supervisor.getIdentification')
call('supervisor.getState')
call('supervisor.getPID')
call('supervisor.readLog', -1, 0)
call('supervisor.readMainLog', -1, 0)
call('supervisor.clearLog')
call('supervisor.getProcessInfo', 'sleeper')
call('supervisor.getProcessInfo', 'grp:*')
call('supervisor.getAllProcessInfo')
call('supervisor.getAllConfigInfo')
call('supervisor.readProcessStdoutLog', 'sleeper', 0, 0)
call('supervisor.readProcessLog', 'sleeper', -4, 0)
call('supervisor.readProcessStderrLog', 'sleeper', 0, 5)
call('supervisor.readProcessStderrLog', 'sleeper', -5, 5)
call('supervisor.readLog', -5, 2)
call('supervisor.readProcessStdoutLog', 'sleeper', 0, -1)
call('supervisor.readProcessStdoutLog', 'sleeper', 100, 0)
call('supervisor.tailProcessStdoutLog', 'sleeper', 0, 100)
call('supervisor.tailProcessLog', 'sleeper', 0, 3)
call('supervisor.tailProcessStderrLog', 'sleeper', 100, 3)
call('supervisor.startProcess', 'quick', False)
quick_exited()
call('supervisor.startProcess', 'nosuch')
call('supervisor.startProcess', 'fail')
call('supervisor.startProcess', 'sleeper')
call('supervisor.startProcess', 'cat')
call('supervisor.sendProcessStdin', 'cat', 'hello\n')
call('supervisor.sendProcessStdin', 'fail', 'hello\n')
call('supervisor.startProcessGroup', 'grp')
call('supervisor.startAllProcesses')
quick_exited()
call('supervisor.signalProcess', 'sleeper', 'CONT')
call('supervisor.signalProcess', 'sleeper', 'BOGUS')
call('supervisor.signalProcess', 'sleeper', '18')
call('supervisor.signalProcess', 'grp:*', 'CONT')
call('supervisor.signalProcessGroup', 'multi', 'CONT')
call('supervisor.signalAllProcesses', 18)
call('supervisor.stopProcess', 'cat')
call('supervisor.stopProcess', 'cat')
call('supervisor.stopProcess', 'grp:')
call('supervisor.startProcess', 'grp:*', False)
call('supervisor.startProcessGroup', 'nosuch')
call('supervisor.stopProcessGroup', 'grp')
call('supervisor.stopAllProcesses')
call('supervisor.clearProcessLogs', 'sleeper')
call('supervisor.clearProcessLog', 'nosuch')
call('supervisor.clearAllProcessLogs')
call('supervisor.sendRemoteCommEvent', 'type', 'data')
call('supervisor.reloadConfig')
call('supervisor.getAllConfigInfo')
call('supervisor.addProcessGroup', 'nosuch')
call('supervisor.addProcessGroup', 'sleeper')
call('supervisor.removeProcessGroup', 'sleeper')
call('supervisor.removeProcessGroup', 'quick')
call('supervisor.addProcessGroup', 'quick')
call('supervisor.restart')
