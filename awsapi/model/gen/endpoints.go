package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// rawPartitions is botocore's partitions.json: the newer per-partition facts (dual-stack
// suffix, implicit global region) that endpoints.json lacks.
type rawPartitions struct {
	Partitions []struct {
		ID      string `json:"id"`
		Outputs struct {
			DNSSuffix            string `json:"dnsSuffix"`
			DualStackDNSSuffix   string `json:"dualStackDnsSuffix"`
			ImplicitGlobalRegion string `json:"implicitGlobalRegion"`
			Name                 string `json:"name"`
			SupportsDualStack    bool   `json:"supportsDualStack"`
			SupportsFIPS         bool   `json:"supportsFIPS"`
		} `json:"outputs"`
		RegionRegex string `json:"regionRegex"`
		Regions     map[string]struct {
			Description string `json:"description"`
		} `json:"regions"`
	} `json:"partitions"`
}

type rawEndpoints struct {
	Partitions []struct {
		model.Partition
		Regions map[string]struct {
			Description string `json:"description"`
		} `json:"regions"`
	} `json:"partitions"`
}

// convertEndpoints merges endpoints.json and partitions.json into the compact endpoint data.
func convertEndpoints(dataDir string) (*model.Endpoints, error) {
	epData, err := readMaybeGzip(filepath.Join(dataDir, "endpoints.json"))
	if err != nil {
		return nil, err
	}
	var raw rawEndpoints
	if err := json.Unmarshal(epData, &raw); err != nil {
		return nil, fmt.Errorf("decoding endpoints.json: %w", err)
	}
	out := &model.Endpoints{}
	byID := map[string]*model.Partition{}
	for _, rp := range raw.Partitions {
		p := rp.Partition
		p.Regions = make(map[string]string, len(rp.Regions))
		for name, r := range rp.Regions {
			p.Regions[name] = r.Description
		}
		out.Partitions = append(out.Partitions, &p)
		byID[p.ID] = &p
	}

	partData, err := readMaybeGzip(filepath.Join(dataDir, "partitions.json"))
	if err != nil {
		return nil, err
	}
	var parts rawPartitions
	if err := json.Unmarshal(partData, &parts); err != nil {
		return nil, fmt.Errorf("decoding partitions.json: %w", err)
	}
	for _, rp := range parts.Partitions {
		p, ok := byID[rp.ID]
		if !ok {
			// A partition endpoints.json does not know yet: hosts follow the default template.
			p = &model.Partition{
				ID:          rp.ID,
				Name:        rp.Outputs.Name,
				DNSSuffix:   rp.Outputs.DNSSuffix,
				RegionRegex: rp.RegionRegex,
				Regions:     map[string]string{},
				Defaults:    model.EndpointData{Hostname: "{service}.{region}.{dnsSuffix}", Protocols: []string{"https"}, SignatureVersions: []string{"v4"}},
				Services:    map[string]*model.ServiceEndpoints{},
			}
			out.Partitions = append(out.Partitions, p)
			byID[p.ID] = p
		}
		p.DualStackDNSSuffix = rp.Outputs.DualStackDNSSuffix
		p.ImplicitGlobalRegion = rp.Outputs.ImplicitGlobalRegion
		p.SupportsDualStack = rp.Outputs.SupportsDualStack
		p.SupportsFIPS = rp.Outputs.SupportsFIPS
		if len(p.Regions) == 0 {
			// Only for a partition endpoints.json lacks: botocore's resolver matches regions by
			// endpoints.json alone, and partitions.json also lists pseudo-regions (aws-global).
			for name, r := range rp.Regions {
				if !strings.HasSuffix(name, "-global") {
					p.Regions[name] = r.Description
				}
			}
		}
	}
	return out, nil
}
