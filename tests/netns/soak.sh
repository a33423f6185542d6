#!/usr/bin/env bash
# How short an interval stays stable? With nothing failing, run keepalived
# (VRRPv3 between gw1 and gw3) and librasgw's probes (from nc to gw1 and gw3)
# side by side for SECONDS, under LOAD busy processes, and count what a
# failure detector must never do when nothing fails: VRRP mastership changes
# and health events. Not part of ctest (it takes minutes); its results are in
# doc/backends.md.
#
# usage: soak.sh DRIVER INTERVAL_MS [SECONDS=60] [LOAD=2]   (as root)
set -uo pipefail

driver=${1:?driver}
interval_ms=${2:?interval in ms}
seconds=${3:-60}
load=${4:-2}
[[ $(id -u) -eq 0 ]] || { echo "SKIPPED: needs root to create network namespaces"; exit 77; }

P="rgw$$-"
NSS=()
PIDS=()
work=$(mktemp -d /tmp/rasgw-soak.XXXXXX)
cleanup() {
	local rc=$? pid ns
	trap - EXIT INT TERM
	for pid in "${PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	for ns in "${NSS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

for r in tor nc gw1 gw3; do
	ip netns add "$P$r" || fail "ip netns add $P$r"
	NSS+=("$P$r")
	ip -n "$P$r" link set lo up
done
ip -n "${P}tor" link add vbr type bridge && ip -n "${P}tor" link set vbr up || fail "bridge"
for r in nc:2 gw1:11 gw3:13; do
	role=${r%%:*} host=${r#*:}
	ip link add vr netns "$P$role" type veth peer name "p$role" netns "${P}tor" || fail "veth $role"
	ip -n "$P$role" addr add "10.3.0.$host/24" dev vr
	ip -n "$P$role" link set vr up
	ip -n "${P}tor" link set "p$role" master vbr
	ip -n "${P}tor" link set "p$role" up
done

advert=$(awk -v ms="$interval_ms" 'BEGIN { printf "%.2f", ms / 1000 }')
for g in 1 3; do
	if [[ $g == 1 ]]; then state=MASTER prio=150; else state=BACKUP prio=100; fi
	cat >"$work/ka$g.conf" <<EOC
global_defs {
    router_id gw$g
    vrrp_version 3
    vrrp_garp_master_delay 0
}
vrrp_instance soak {
    state $state
    interface vr
    virtual_router_id 52
    priority $prio
    advert_int $advert
    virtual_ipaddress {
        10.3.0.100/32 dev vr
    }
}
EOC
	ip netns exec "${P}gw$g" keepalived -n -l -P -f "$work/ka$g.conf" -p "$work/ka$g.pid" \
		-r "$work/vrrp$g.pid" -c "$work/chk$g.pid" >"$work/ka$g.log" 2>&1 &
	PIDS+=($!)
done
sleep 3 # past the start-up election
for ((i = 0; i < load; i++)); do
	(while :; do :; done) &
	PIDS+=($!)
done
before=$(cat "$work"/ka*.log | grep -c 'Entering MASTER STATE')
"$driver" soak prefix="$P" interval="$interval_ms" seconds="$seconds" dip1=10.3.0.11 dip3=10.3.0.13
after=$(cat "$work"/ka*.log | grep -c 'Entering MASTER STATE')
echo "keepalived advert_int $advert s for $seconds s, $load busy processes: $((after - before)) mastership changes"
