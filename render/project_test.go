package render_test

// A small content repo with one video per path through the executor.

const reelYAML = `version: 1
provider: heygen
output_dir: out
include: ["videos/**/*.yaml"]
defaults:
  dimension: {aspect: "16:9", resolution: 720p}
providers:
  heygen: {api: %s}
`

// studio is a HeyGen v3 studio video: two scenes, one of them an uploaded
// audio file.
const studioYAML = `title: How invoicing works
avatar: {id: Angela-inTshirt-20220820}
voice: {id: 1bd001e7e50f421d891986aad5158bc8}
background: {color: "#0A2540"}
scenes:
  - script: %s
  - audio: ../assets/line.wav
`

// photo is a HeyGen v3 image video of an uploaded portrait.
const photoYAML = `title: Launch
avatar: {image: ../assets/anna.png}
voice: {id: 1bd001e7e50f421d891986aad5158bc8}
scenes:
  - script: %s
`

// clip goes through fal with a local portrait (uploaded to fal's storage).
const clipYAML = `provider: fal
avatar: {image: ../assets/anna.png}
voice: {name: Melissa}
scenes:
  - script: %s
`

// pixel goes through PixelDojo, which takes public URLs only.
const pixelYAML = `provider: pixeldojo
avatar: {image: https://assets.example.com/anna.png}
voice: {name: Ivy}
scenes:
  - script: %s
`

// plain is a HeyGen avatar video with no local file at all.
const plainYAML = `avatar: {id: Daisy-inskirt-20220818}
voice: {id: 1bd001e7e50f421d891986aad5158bc8}
scenes:
  - script: %s
`
