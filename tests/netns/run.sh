#!/usr/bin/env bash
# The Linux dataplane end to end, in network namespaces (ctest netns.e2e).
#
# Builds a tenant site, an SLB, a TOR running FRR, three gateways of one pool
# (M=2, N=1) on two racks, a compute host and the controller's probe point,
# all as network namespaces joined by veth pairs. The driver (e2e.c) then
# places an IKEv2 and a GRE connection through librasgw, applies the plans
# with the nft, netlink and FRR plugins, checks traffic and state, kills the
# active gateway, detects it with real probes, fails over, and measures. A
# second driver run measures keepalived (VRRP) between the same gateway
# namespaces as the baseline, and the two are printed side by side.
#
# Every address lives inside the namespaces created here; nothing is routed
# to or from the outside. Every process started here is stopped by its PID,
# and every namespace is deleted, also when a step fails (trap on EXIT).
#
# Both run at each interval of RASGW_NETNS_INTERVALS, in a fresh world each:
# 100 ms (the controller's probe interval) and 50 ms (the shortest
# advertisement interval at which keepalived stayed stable under load here,
# see soak.sh and doc/backends.md).
#
# usage: run.sh DRIVER NFT_PLUGIN NETLINK_PLUGIN FRR_PLUGIN TOPOLOGY
# env:   RASGW_NETNS_INTERVALS   probe / VRRP advertisement intervals, ms ("100 50")
#        RASGW_NETNS_TRIALS      failovers and takeovers per interval (5)
#        RASGW_NETNS_KEEP=1      keep the work directory (logs) afterwards
# exit:  0 pass, 1 fail, 77 skipped (not root)
set -uo pipefail

SKIP=77
if [[ $(id -u) -ne 0 ]]; then
	echo "SKIPPED: needs root to create network namespaces (running as $(id -un))"
	exit $SKIP
fi

driver=${1:?driver}
nft_plugin=${2:?nft plugin}
netlink_plugin=${3:?netlink plugin}
frr_plugin=${4:?frr plugin}
topology=${5:?topology}
intervals=${RASGW_NETNS_INTERVALS:-100 50}
trials=${RASGW_NETNS_TRIALS:-5}
frr_bin=/usr/lib/frr

fail() {
	echo "FAIL: $*" >&2
	exit 1
}
step() { echo "== $*"; }
must() { "$@" || fail "$*"; }

for tool in ip nft vtysh keepalived timeout "$frr_bin/zebra" "$frr_bin/bgpd"; do
	command -v "$tool" >/dev/null 2>&1 ||
		fail "$tool not found: install the packages of debian-packages.txt (frr, keepalived, nftables, iproute2)"
done
id frr >/dev/null 2>&1 || fail "no 'frr' user: install the frr package"

# ------------------------------------------------------------------ cleanup
# Namespaces are named rgw<PID of this script>-<role>: a run that was killed
# (SIGKILL leaves no chance to clean up) is recognised by its dead PID and
# removed by the next run, processes inside first.
reap_stale() {
	local ns pid p
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep -E '^rgw[0-9]+-' || true); do
		pid=${ns#rgw}
		pid=${pid%%-*}
		if ! kill -0 "$pid" 2>/dev/null; then
			for p in $(ip netns pids "$ns" 2>/dev/null); do
				kill -KILL "$p" 2>/dev/null
			done
			ip netns del "$ns" 2>/dev/null && echo "removed stale namespace $ns"
		fi
	done
	for ns in /run/frr/rgw[0-9]*-*; do
		[[ -d "$ns" ]] || continue
		pid=${ns#/run/frr/rgw}
		pid=${pid%%-*}
		kill -0 "$pid" 2>/dev/null || rmdir "$ns" 2>/dev/null
	done
}

# ctest kills the test after 300 s, with no chance to clean up: stay well
# inside that, every step bounded by what is left.
deadline=$((SECONDS + 270))
left() { # cap: seconds left, at most cap; fails when the budget is spent
	local l=$((deadline - SECONDS))
	((l > $1)) && l=$1
	((l >= 5)) || return 1
	echo "$l"
}

P="rgw$$-"
ROLES=(site slb tor gw1 gw2 gw3 host nc)
CREATED=()
PIDS=()
FRR_NAMES=()
work=$(mktemp -d /tmp/rasgw-netns.XXXXXX)
wd="$work"

stop_pid() { # pid: TERM, up to 3 s, then KILL
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 30; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

world_down() {
	local pid ns name
	for pid in "${PIDS[@]}"; do
		stop_pid "$pid"
	done
	for ns in "${CREATED[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	for name in "${FRR_NAMES[@]}"; do
		rmdir "/run/frr/$name" 2>/dev/null
	done
	PIDS=()
	CREATED=()
	FRR_NAMES=()
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	world_down
	if [[ $rc -ne 0 && $rc -ne $SKIP ]]; then
		for f in "$work"/*/*/*.log; do
			[[ -s "$f" ]] || continue
			echo "---- $f (last lines)"
			tail -n 15 "$f"
		done
	fi
	if [[ "${RASGW_NETNS_KEEP:-0}" == 1 ]]; then
		echo "work directory kept: $work"
	else
		rm -rf "$work"
	fi
	left=$(ip netns list 2>/dev/null | awk '{ print $1 }' | grep -c "^$P" || true)
	[[ "$left" -eq 0 ]] || echo "WARNING: $left namespaces of this run are left" >&2
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

reap_stale

# ------------------------------------------------------------------ network
ns() { echo "$P$1"; }
inns() { # role command...
	local r=$1
	shift
	ip netns exec "$(ns "$r")" "$@"
}
link() { # roleA ifA addrA roleB ifB addrB (addr may be -)
	ip link add "$2" netns "$(ns "$1")" type veth peer name "$5" netns "$(ns "$4")" ||
		fail "veth $1:$2 <-> $4:$5"
	[[ "$3" == - ]] || must ip -n "$(ns "$1")" addr add "$3" dev "$2"
	[[ "$6" == - ]] || must ip -n "$(ns "$4")" addr add "$6" dev "$5"
	must ip -n "$(ns "$1")" link set "$2" up
	must ip -n "$(ns "$4")" link set "$5" up
}

world_up() { # build the namespaces and their links
	step "namespaces ${P}{${ROLES[*]}}"
	for r in "${ROLES[@]}"; do
		ip netns add "$(ns "$r")" || fail "cannot create network namespace $(ns "$r")"
		CREATED+=("$(ns "$r")")
		ip -n "$(ns "$r")" link set lo up
		must inns "$r" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	done
	for r in slb tor; do
		must inns "$r" sysctl -qw net.ipv4.ip_forward=1
	done

	link site wan 172.16.0.2/24 slb site 172.16.0.1/24
	must ip -n "$(ns site)" addr add 172.16.0.3/24 dev wan # the site's GRE endpoint
	link slb uplink 10.0.0.2/30 tor slb 10.0.0.1/30
	for g in 1 2 3; do
		link "gw$g" eth0 "10.1.$g.2/24" tor "gw$g" "10.1.$g.1/24"
		# The tenant's VLAN 1001 as the gateway sees it when the virtual
		# switch tags it (access port): an untagged interface of its own.
		link "gw$g" l3v1001 - "gw$g" l3p1001 -
	done
	link host eth0 10.2.0.2/24 tor host 10.2.0.1/24
	link nc eth0 10.9.0.2/24 tor nc 10.9.0.1/24

	must ip -n "$(ns site)" route add default via 172.16.0.1
	must ip -n "$(ns slb)" route add default via 10.0.0.1
	must ip -n "$(ns tor)" route add 172.16.0.0/24 via 10.0.0.2
	for g in 1 2 3; do
		must ip -n "$(ns "gw$g")" route add default via "10.1.$g.1"
	done
	must ip -n "$(ns host)" route add default via 10.2.0.1
	must ip -n "$(ns nc)" route add default via 10.9.0.1
}

# --------------------------------------------------------------------- FRR
# zebra and bgpd per namespace, each with its own config, pid files, zebra
# API socket and vty socket directory, run as the frr user (-u root fails).
frr_conf_tor() {
	cat <<EOF
frr defaults datacenter
hostname tor
log file $1/frr.log
router bgp 65000
 bgp router-id 10.0.0.1
 no bgp ebgp-requires-policy
EOF
	for g in 1 2 3; do
		cat <<EOF
 neighbor 10.1.$g.2 remote-as external
 neighbor 10.1.$g.2 timers 1 3
 neighbor 10.1.$g.2 timers connect 1
EOF
	done
	echo " address-family ipv4 unicast"
	for g in 1 2 3; do
		cat <<EOF
  neighbor 10.1.$g.2 soft-reconfiguration inbound
  neighbor 10.1.$g.2 prefix-list rasgw-vips-10.1.$g.2 in
EOF
	done
	echo " exit-address-family"
	# The lists exist from the start, closed (the frr plugin fills them).
	for g in 1 2 3; do
		echo "ip prefix-list rasgw-vips-10.1.$g.2 seq 4294967295 deny 255.255.255.255/32"
	done
}

frr_conf_gw() { # dir n
	cat <<EOF
frr defaults datacenter
hostname gw$2
log file $1/frr.log
ip prefix-list gre-vips seq 5 permit 10.50.0.0/24 ge 32
route-map gre-vips permit 10
 match ip address prefix-list gre-vips
router bgp 6510$2
 bgp router-id 10.1.$2.2
 no bgp ebgp-requires-policy
 neighbor 10.1.$2.1 remote-as external
 neighbor 10.1.$2.1 timers 1 3
 neighbor 10.1.$2.1 timers connect 1
 address-family ipv4 unicast
  redistribute connected route-map gre-vips
 exit-address-family
EOF
}

start_frr() { # role
	local r=$1 d="$wd/frr-$1" name="$P$1" daemon i
	mkdir -p "$d"
	if [[ $r == tor ]]; then
		frr_conf_tor "$d" >"$d/frr.conf"
	else
		frr_conf_gw "$d" "${r#gw}" >"$d/frr.conf"
	fi
	chown -R frr:frr "$d"
	FRR_NAMES+=("$name")
	for daemon in zebra bgpd; do
		ip netns exec "$(ns "$r")" "$frr_bin/$daemon" -u frr -g frr -N "$name" \
			--vty_socket "$d" -i "$d/$daemon.pid" -z "$d/zserv.api" \
			-f "$d/frr.conf" -P 0 --log "file:$d/$daemon.log" \
			>>"$d/$daemon.log" 2>&1 &
		PIDS+=($!)
		if [[ $daemon == zebra ]]; then
			for ((i = 0; i < 100; i++)); do
				[[ -S "$d/zserv.api" ]] && break
				sleep 0.05
			done
			[[ -S "$d/zserv.api" ]] || fail "zebra in $(ns "$r") did not open $d/zserv.api"
		fi
	done
	for ((i = 0; i < 100; i++)); do
		[[ -S "$d/bgpd.vty" ]] && break
		sleep 0.05
	done
	[[ -S "$d/bgpd.vty" ]] || fail "bgpd in $(ns "$r") did not open $d/bgpd.vty"
}

start_world() { # namespaces, FRR, BGP sessions up
	local up=0 i r
	world_up
	step "FRR (zebra + bgpd) in tor, gw1, gw2, gw3"
	for r in tor gw1 gw2 gw3; do
		start_frr "$r"
	done
	step "waiting for the TOR's three BGP sessions"
	for ((i = 0; i < 300; i++)); do
		up=$(vtysh --vty_socket "$wd/frr-tor" -c "show bgp ipv4 unicast summary" 2>/dev/null |
			awk '$1 ~ /10\.1\.[123]\.2/ && $10 ~ /^[0-9]+$/ { n++ } END { print n + 0 }')
		[[ "$up" -eq 3 ]] && break
		sleep 0.1
	done
	if [[ "$up" -ne 3 ]]; then
		vtysh --vty_socket "$wd/frr-tor" -c "show bgp ipv4 unicast summary" >&2
		fail "only $up of 3 BGP sessions of the TOR came up within 30 s"
	fi
	echo "3 sessions established"
}

# The baseline: VRRP between the same gateway namespaces (gw1 master, gw3
# backup) on a bridge in the TOR, advertising at the interval our probes use.
start_keepalived() { # interval_ms
	local advert g d state prio i
	must ip -n "$(ns tor)" link add vbr type bridge
	must ip -n "$(ns tor)" addr add 10.3.0.1/24 dev vbr
	must ip -n "$(ns tor)" link set vbr up
	for g in 1 3; do
		link "gw$g" vr "10.3.0.1$g/24" tor "vr$g" -
		must ip -n "$(ns tor)" link set "vr$g" master vbr
	done
	advert=$(awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }')
	for g in 1 3; do
		d="$wd/keepalived-gw$g"
		mkdir -p "$d"
		if [[ $g == 1 ]]; then state=MASTER prio=150; else state=BACKUP prio=100; fi
		cat >"$d/keepalived.conf" <<EOF
global_defs {
    router_id gw$g
    vrrp_version 3
    vrrp_garp_master_delay 0
}
vrrp_instance gre_vip {
    state $state
    interface vr
    virtual_router_id 51
    priority $prio
    advert_int $advert
    virtual_ipaddress {
        10.3.0.100/32 dev vr
    }
}
EOF
		ip netns exec "$(ns "gw$g")" keepalived -n -l -D -P -f "$d/keepalived.conf" \
			-p "$d/keepalived.pid" -r "$d/vrrp.pid" -c "$d/checkers.pid" \
			>"$d/keepalived.log" 2>&1 &
		PIDS+=($!)
	done
	for ((i = 0; i < 100; i++)); do
		ip -n "$(ns gw1)" -4 addr show dev vr | grep -q 10.3.0.100 && return 0
		sleep 0.1
	done
	fail "keepalived on gw1 did not take the VRRP address within 10 s"
}

# GRE tunnel devices need the kernel's ip_gre; without it the netlink plugin
# leaves them out (gre=0) and says so.
gre_supported() {
	if ip -n "$(ns nc)" link add rgwgretest type gre local 10.9.0.2 remote 10.9.0.1 2>/dev/null; then
		ip -n "$(ns nc)" link del rgwgretest
		echo 1
	else
		echo 0
	fi
}

chmod 755 "$work"
for interval in $intervals; do
	[[ "$interval" =~ ^[0-9]+$ && "$interval" -ge 10 ]] || fail "interval '$interval': use whole ms >= 10"
	step "interval $interval ms: a fresh world"
	wd="$work/interval-$interval"
	mkdir -p "$wd"
	chmod 755 "$wd"
	start_world
	gre=$(gre_supported)
	[[ $gre == 1 ]] ||
		echo "note: this kernel has no GRE tunnels: the gateways get no GRE tunnel devices (gre=0)"
	common=(prefix="$P" workdir="$work" interval="$interval" trials="$trials")
	step "librasgw, probes every $interval ms: place, apply, kill, detect, fail over (x$trials)"
	t=$(left 150) || fail "out of time (the budget is 270 s of ctest's 300)"
	timeout --kill-after=5 "$t" "$driver" failover "${common[@]}" topology="$topology" \
		nft="$nft_plugin" netlink="$netlink_plugin" frr="$frr_plugin" gre="$gre" \
		tor_vty="$wd/frr-tor" ||
		fail "the failover driver failed (status $?)"
	step "keepalived, VRRPv3 advert_int $interval ms between gw1 and gw3 (x$trials)"
	start_keepalived "$interval"
	t=$(left 120) || fail "out of time (the budget is 270 s of ctest's 300)"
	timeout --kill-after=5 "$t" "$driver" vrrp "${common[@]}" vip=10.3.0.100 ||
		fail "the keepalived driver failed (status $?)"
	world_down
done

step "report"
timeout 10 "$driver" report prefix="$P" workdir="$work" intervals="${intervals// /,}" ||
	fail "the timings miss their target"
exit 0
