// Package botocore finds the data directory of the botocore that python3 imports: the service
// models the generator reads and the tests compare nimbus with.
package botocore

import (
	"fmt"
	"os/exec"
	"strings"
)

// DataDir returns botocore's data directory, or an error that says how to install botocore.
func DataDir() (string, error) {
	out, err := exec.Command("python3", "-c",
		"import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),'data'))").Output()
	if err != nil {
		return "", fmt.Errorf("finding botocore with python3 (install it with `pip install botocore`): %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
