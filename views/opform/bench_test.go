package opform

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The form of ec2 RunInstances (44 fields) is about the largest a person meets.

func BenchmarkNewRunInstances(b *testing.B) {
	svc := loadService(b, "ec2")
	env := testEnv()
	for b.Loop() {
		New(svc, "RunInstances", env)
	}
}

func BenchmarkViewRunInstances(b *testing.B) {
	f := New(loadService(b, "ec2"), "RunInstances", testEnv())
	f.SetSize(120, 40)
	for b.Loop() {
		_ = f.View()
	}
}

// BenchmarkKeystrokeJSONField is one key typed into a JSON field (checked as typed) and the
// frame after it.
func BenchmarkKeystrokeJSONField(b *testing.B) {
	f := New(loadService(b, "ec2"), "RunInstances", testEnv())
	f.SetSize(120, 40)
	for f.current().name != "BlockDeviceMappings" {
		f.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	}
	f.current().input.SetValue(`[{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 100, "VolumeType": "gp3"}}`)
	key := tea.KeyPressMsg{Code: ']', Text: "]"}
	back := tea.KeyPressMsg{Code: tea.KeyBackspace}
	for b.Loop() {
		f.Update(key)
		_ = f.View()
		f.Update(back)
	}
}
