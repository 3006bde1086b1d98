#!/bin/bash
# The whole demo world's peak memory in the real binary: every page of the world in both profiles.
# Usage: go build -o /tmp/nimbus . && scripts/demorss.sh /tmp/nimbus   (run on a quiet machine;
# VmHWM is the peak resident memory, issue 12 asks for at most 300 MB).
set -e
B=${1:?usage: scripts/demorss.sh PATH-TO-NIMBUS-BINARY}
export XDG_CONFIG_HOME=$(mktemp -d)
tmux -L demorss new-session -d -s m -x 160 -y 45 "$B --demo"
sleep 4
pid=$(tmux -L demorss list-panes -t m -F '#{pane_pid}')
visit() { for c in ec2 volumes vpcs subnets sg ddb sqs logs lambda cfn iam users roles policies s3; do tmux -L demorss send-keys -t m ":" ; tmux -L demorss send-keys -t m -l "$c"; tmux -L demorss send-keys -t m Enter; sleep 1.5; done; }
visit
tmux -L demorss send-keys -t m ":"; tmux -L demorss send-keys -t m -l "tail /dev/web"; tmux -L demorss send-keys -t m Enter; sleep 3
tmux -L demorss send-keys -t m P; sleep 1; tmux -L demorss send-keys -t m / ; tmux -L demorss send-keys -t m -l prod; tmux -L demorss send-keys -t m Enter Enter; sleep 3
visit
grep -E 'VmHWM|VmRSS' /proc/$pid/status
tmux -L demorss kill-server
