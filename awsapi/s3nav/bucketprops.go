package s3nav

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// BucketSection is one part of a bucket's configuration, as a JSON-ready document: Doc is nil
// when the bucket has none (S3's "not found" codes), Err when it could not be read.
type BucketSection struct {
	Name string
	Doc  any
	Err  error
	// Editable sections are documents a Put call takes back (PutBucketSection).
	Editable bool
}

// bucketSection reads and writes one section with the typed client. get returns the section's
// configuration (a typed struct or a policy string); put takes the edited JSON.
type bucketSection struct {
	name     string
	notFound []string // error codes that mean "not configured"
	get      func(ctx context.Context, api *s3.Client, b *string) (any, error)
	put      func(ctx context.Context, api *s3.Client, b *string, doc []byte) error
}

// into decodes doc into a new T, strictly.
func into[T any](doc []byte) (*T, error) {
	v := new(T)
	if err := json.Unmarshal(doc, v); err != nil {
		return nil, fmt.Errorf("the document does not fit: %w", err)
	}
	return v, nil
}

var bucketSections = []bucketSection{
	{name: "Versioning", get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		status := string(o.Status)
		if status == "" {
			status = "never enabled"
		}
		return map[string]any{"Status": status, "MFADelete": string(o.MFADelete)}, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.VersioningConfiguration](doc)
		if err == nil {
			_, err = api.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b, VersioningConfiguration: v})
		}
		return err
	}},
	{name: "Encryption", notFound: []string{"ServerSideEncryptionConfigurationNotFoundError"}, get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		return o.ServerSideEncryptionConfiguration, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.ServerSideEncryptionConfiguration](doc)
		if err == nil {
			_, err = api.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: b, ServerSideEncryptionConfiguration: v})
		}
		return err
	}},
	{name: "Policy", notFound: []string{"NoSuchBucketPolicy"}, get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		var doc any
		if json.Unmarshal([]byte(aws.ToString(o.Policy)), &doc) != nil {
			return aws.ToString(o.Policy), nil
		}
		return doc, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		if !json.Valid(doc) {
			return errors.New("the policy is not JSON")
		}
		_, err := api.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: aws.String(string(doc))})
		return err
	}},
	{name: "Lifecycle", notFound: []string{"NoSuchLifecycleConfiguration"}, get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		return types.BucketLifecycleConfiguration{Rules: o.Rules}, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.BucketLifecycleConfiguration](doc)
		if err == nil {
			_, err = api.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: b, LifecycleConfiguration: v})
		}
		return err
	}},
	{name: "CORS", notFound: []string{"NoSuchCORSConfiguration"}, get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		return types.CORSConfiguration{CORSRules: o.CORSRules}, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.CORSConfiguration](doc)
		if err == nil {
			_, err = api.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: b, CORSConfiguration: v})
		}
		return err
	}},
	{name: "PublicAccessBlock", notFound: []string{"NoSuchPublicAccessBlockConfiguration"}, get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		return o.PublicAccessBlockConfiguration, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.PublicAccessBlockConfiguration](doc)
		if err == nil {
			_, err = api.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: b, PublicAccessBlockConfiguration: v})
		}
		return err
	}},
	{name: "Ownership", notFound: []string{"OwnershipControlsNotFoundError"}, get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		return o.OwnershipControls, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.OwnershipControls](doc)
		if err == nil {
			_, err = api.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: b, OwnershipControls: v})
		}
		return err
	}},
	{name: "Tags", notFound: []string{"NoSuchTagSet"}, get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		return types.Tagging{TagSet: o.TagSet}, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.Tagging](doc)
		if err == nil {
			_, err = api.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: b, Tagging: v})
		}
		return err
	}},
	{name: "Website", notFound: []string{"NoSuchWebsiteConfiguration"}, get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetBucketWebsite(ctx, &s3.GetBucketWebsiteInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		return types.WebsiteConfiguration{ErrorDocument: o.ErrorDocument, IndexDocument: o.IndexDocument,
			RedirectAllRequestsTo: o.RedirectAllRequestsTo, RoutingRules: o.RoutingRules}, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.WebsiteConfiguration](doc)
		if err == nil {
			_, err = api.PutBucketWebsite(ctx, &s3.PutBucketWebsiteInput{Bucket: b, WebsiteConfiguration: v})
		}
		return err
	}},
	{name: "Logging", get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		if o.LoggingEnabled == nil {
			return nil, nil
		}
		return types.BucketLoggingStatus{LoggingEnabled: o.LoggingEnabled}, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.BucketLoggingStatus](doc)
		if err == nil {
			_, err = api.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: b, BucketLoggingStatus: v})
		}
		return err
	}},
	{name: "ObjectLock", notFound: []string{"ObjectLockConfigurationNotFoundError"}, get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		return o.ObjectLockConfiguration, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.ObjectLockConfiguration](doc)
		if err == nil {
			_, err = api.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: b, ObjectLockConfiguration: v})
		}
		return err
	}},
	{name: "Replication", notFound: []string{"ReplicationConfigurationNotFoundError"}, get: func(ctx context.Context, api *s3.Client, b *string) (any, error) {
		o, err := api.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: b})
		if err != nil {
			return nil, err
		}
		return o.ReplicationConfiguration, nil
	}, put: func(ctx context.Context, api *s3.Client, b *string, doc []byte) error {
		v, err := into[types.ReplicationConfiguration](doc)
		if err == nil {
			_, err = api.PutBucketReplication(ctx, &s3.PutBucketReplicationInput{Bucket: b, ReplicationConfiguration: v})
		}
		return err
	}},
}

// BucketSectionNames are the sections BucketProperties reads, in order.
func BucketSectionNames() []string {
	names := make([]string, len(bucketSections))
	for i, s := range bucketSections {
		names[i] = s.name
	}
	return names
}

// BucketProperties reads every section of a bucket's configuration, concurrently; a section
// that fails carries its error, the others are still read.
func (c *Client) BucketProperties(ctx context.Context, bucket string) ([]BucketSection, error) {
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return nil, wrap("reading the properties of bucket "+bucket, err)
	}
	out := make([]BucketSection, len(bucketSections))
	_ = forEach(ctx, len(bucketSections), 6, func(ctx context.Context, i int) error {
		s := bucketSections[i]
		out[i] = BucketSection{Name: s.name, Editable: s.put != nil}
		v, err := s.get(ctx, api, aws.String(bucket))
		var apiErr smithy.APIError
		switch {
		case err == nil:
			out[i].Doc = plainDoc(v)
		case errors.As(err, &apiErr) && contains(s.notFound, apiErr.ErrorCode()):
		default:
			out[i].Err = wrap("reading "+s.name+" of bucket "+bucket, err)
		}
		return nil
	})
	return out, ctx.Err()
}

// plainDoc turns a typed configuration into plain JSON values (maps, slices, strings), for the
// document viewer and the editor. nil stays nil.
func plainDoc(v any) any {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var doc any
	if json.Unmarshal(b, &doc) != nil || doc == nil {
		return nil
	}
	return prune(doc)
}

// prune drops the members a typed struct left null, which only clutter the document.
func prune(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
				continue
			}
			x[k] = prune(e)
		}
	case []any:
		for i, e := range x {
			x[i] = prune(e)
		}
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// PutBucketSection writes the edited document of section name back (PutBucketPolicy,
// PutBucketCors…).
func (c *Client) PutBucketSection(ctx context.Context, bucket, name string, doc []byte) error {
	action := "writing " + name + " of bucket " + bucket
	for _, s := range bucketSections {
		if s.name != name {
			continue
		}
		if s.put == nil {
			return wrap(action, errors.New("this section is read-only"))
		}
		api, err := c.clientFor(ctx, bucket)
		if err != nil {
			return wrap(action, err)
		}
		if err := s.put(ctx, api, aws.String(bucket), doc); err != nil {
			return wrap(action, err)
		}
		return nil
	}
	return wrap(action, fmt.Errorf("no section %q", name))
}
