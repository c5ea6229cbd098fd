#!/usr/bin/env python3
# How long one thread stays runnable at a stretch, and how many page faults and CPU ticks each stretch
# takes, sampled from /proc every 0.2 ms (Linux only; nothing attached to the JVM). Prints the ten longest.
#
#   bench/scripts/run-faults.py PID TID SECONDS
import os,sys,time
pid,tid,secs=sys.argv[1],sys.argv[2],float(sys.argv[3])
f=f'/proc/{pid}/task/{tid}/stat'
prev=None; runs=[]; cur=None
end=time.time()+secs
while time.time()<end:
    try: x=open(f).read().rsplit(')',1)[1].split()
    except: break
    st=x[0]; flt=int(x[7])+int(x[9]); cpu=int(x[11])+int(x[12])
    now=time.time()
    if st=='R':
        if cur is None: cur=[now,flt,cpu]
    else:
        if cur is not None:
            runs.append((now-cur[0], flt-cur[1], cpu-cur[2])); cur=None
    time.sleep(0.0002)
runs.sort(reverse=True)
for r in runs[:10]: print('run %.1f ms, %d faults, %d ticks'%(r[0]*1000,r[1],r[2]))
print('runs',len(runs))
