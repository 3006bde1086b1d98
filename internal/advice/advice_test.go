package advice

import "testing"

func TestRenderWordsHintsForEachInterface(t *testing.T) {
	a := Advice{What: "profile dev not found in your AWS config",
		Do: []Step{{Text: "choose another profile", Hint: Profile}, {Text: "add it to ~/.aws/config"}}}
	tui := func(h Hint) string { return map[Hint]string{Profile: ":profile", Retry: "r"}[h] }
	if got, want := a.Render(tui), "profile dev not found in your AWS config — choose another profile (:profile) or add it to ~/.aws/config"; got != want {
		t.Errorf("TUI: got %q, want %q", got, want)
	}
	if got, want := a.Render(CLI), "profile dev not found in your AWS config — choose another profile (--profile) or add it to ~/.aws/config"; got != want {
		t.Errorf("CLI: got %q, want %q", got, want)
	}
	retry := Advice{What: "AWS is throttling requests", Do: []Step{{Text: "wait a moment and retry", Hint: Retry}}}
	if got, want := retry.Render(CLI), "AWS is throttling requests — wait a moment and retry"; got != want {
		t.Errorf("a hint the interface has no word for is left out: got %q, want %q", got, want)
	}
	if got := (Advice{What: "cancelled"}).Render(CLI); got != "cancelled" {
		t.Errorf("advice without steps: got %q", got)
	}
}
