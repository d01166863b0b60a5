	.text
	.file	"tiny"
	.globl	k0_enc
	.p2align	4, 0x90
	.type	k0_enc,@function
k0_enc:
	pushq	%rbx
	movq	(%rdi), %rax
	movq	24(%rdi), %rcx
	movq	40(%rdi), %rbx
	movq	32(%rdi), %rdx
	vmovss	(%rdx), %xmm0
	vmovss	%xmm0, (%rbx)
	vmovss	4(%rdx), %xmm0
	vmovss	%xmm0, 4(%rbx)
	vmovss	8(%rdx), %xmm0
	vmovss	%xmm0, 8(%rbx)
	vmovss	(%rdx), %xmm0
	vmovss	%xmm0, 12(%rbx)
	vmovss	4(%rdx), %xmm0
	vmovss	%xmm0, 16(%rbx)
	vmovss	8(%rdx), %xmm0
	vmovss	%xmm0, 20(%rbx)
	vmovss	(%rdx), %xmm0
	vmovss	%xmm0, 24(%rbx)
	vmovss	4(%rdx), %xmm0
	vmovss	%xmm0, 28(%rbx)
	vmovss	8(%rdx), %xmm0
	vmovss	%xmm0, 32(%rbx)
	vmovss	(%rdx), %xmm0
	vmovss	%xmm0, 36(%rbx)
	vmovss	4(%rdx), %xmm0
	vmovss	%xmm0, 40(%rbx)
	vmovss	8(%rdx), %xmm0
	vmovss	%xmm0, 44(%rbx)
	vmovss	(%rdx), %xmm0
	vmovss	%xmm0, 48(%rbx)
	vmovss	4(%rdx), %xmm0
	vmovss	%xmm0, 52(%rbx)
	vmovss	8(%rdx), %xmm0
	vmovss	%xmm0, 56(%rbx)
	vmovss	(%rdx), %xmm0
	vmovss	%xmm0, 60(%rbx)
	vmovss	4(%rdx), %xmm0
	vmovss	%xmm0, 64(%rbx)
	vmovss	8(%rdx), %xmm0
	vmovss	%xmm0, 68(%rbx)
	vmovss	(%rdx), %xmm0
	vmovss	%xmm0, 72(%rbx)
	vmovss	4(%rdx), %xmm0
	vmovss	%xmm0, 76(%rbx)
	vmovss	8(%rdx), %xmm0
	vmovss	%xmm0, 80(%rbx)
	vmovss	(%rdx), %xmm0
	vmovss	%xmm0, 84(%rbx)
	vmovss	4(%rdx), %xmm0
	vmovss	%xmm0, 88(%rbx)
	vmovss	8(%rdx), %xmm0
	vmovss	%xmm0, 92(%rbx)
	movl	$8, %edx
	.p2align	4, 0x90
.LBB0_1:
	vmovss	-8(%rax,%rdx), %xmm0
	vmulss	(%rcx), %xmm0, %xmm0
	vaddss	-8(%rbx,%rdx), %xmm0, %xmm0
	vmovss	%xmm0, -8(%rbx,%rdx)
	vmovss	-8(%rax,%rdx), %xmm1
	vmulss	12(%rcx), %xmm1, %xmm1
	vaddss	-4(%rbx,%rdx), %xmm1, %xmm1
	vmovss	%xmm1, -4(%rbx,%rdx)
	vmovss	-8(%rax,%rdx), %xmm2
	vmulss	24(%rcx), %xmm2, %xmm2
	vaddss	(%rbx,%rdx), %xmm2, %xmm2
	vmovss	%xmm2, (%rbx,%rdx)
	vmovss	-4(%rax,%rdx), %xmm3
	vmulss	4(%rcx), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rbx,%rdx)
	vmovss	-4(%rax,%rdx), %xmm3
	vmulss	16(%rcx), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rbx,%rdx)
	vmovss	-4(%rax,%rdx), %xmm3
	vmulss	28(%rcx), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rbx,%rdx)
	vmovss	(%rax,%rdx), %xmm3
	vmulss	8(%rcx), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rbx,%rdx)
	vmovss	(%rax,%rdx), %xmm0
	vmulss	20(%rcx), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, -4(%rbx,%rdx)
	vmovss	(%rax,%rdx), %xmm0
	vmulss	32(%rcx), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rbx,%rdx)
	addq	$12, %rdx
	cmpq	$104, %rdx
	jne	.LBB0_1
	vmovss	(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, (%rbx)
	vmovss	4(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 4(%rbx)
	vmovss	8(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 8(%rbx)
	vmovss	12(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 12(%rbx)
	vmovss	16(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 16(%rbx)
	vmovss	20(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 20(%rbx)
	vmovss	24(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 24(%rbx)
	vmovss	28(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 28(%rbx)
	vmovss	32(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 32(%rbx)
	vmovss	36(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 36(%rbx)
	vmovss	40(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 40(%rbx)
	vmovss	44(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 44(%rbx)
	vmovss	48(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 48(%rbx)
	vmovss	52(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 52(%rbx)
	vmovss	56(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 56(%rbx)
	vmovss	60(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 60(%rbx)
	vmovss	64(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 64(%rbx)
	vmovss	68(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 68(%rbx)
	vmovss	72(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 72(%rbx)
	vmovss	76(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 76(%rbx)
	vmovss	80(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 80(%rbx)
	vmovss	84(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 84(%rbx)
	vmovss	88(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 88(%rbx)
	vmovss	92(%rbx), %xmm0
	callq	tanhf@PLT
	vmovss	%xmm0, 92(%rbx)
	popq	%rbx
	retq
.Lfunc_end0:
	.size	k0_enc, .Lfunc_end0-k0_enc

	.globl	k1_enc2
	.p2align	4, 0x90
	.type	k1_enc2,@function
k1_enc2:
	movq	24(%rdi), %rax
	movq	40(%rdi), %rcx
	movq	48(%rdi), %rdx
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%ymm0, 64(%rdx)
	vmovups	%ymm0, 32(%rdx)
	vmovups	%ymm0, (%rdx)
	movl	$8, %esi
	.p2align	4, 0x90
.LBB1_1:
	vmovss	-8(%rcx,%rsi), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vaddss	-8(%rdx,%rsi), %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	-8(%rcx,%rsi), %xmm1
	vmulss	12(%rax), %xmm1, %xmm1
	vaddss	-4(%rdx,%rsi), %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx,%rsi)
	vmovss	-8(%rcx,%rsi), %xmm2
	vmulss	24(%rax), %xmm2, %xmm2
	vaddss	(%rdx,%rsi), %xmm2, %xmm2
	vmovss	%xmm2, (%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	4(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	16(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	28(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm3
	vmulss	8(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm0
	vmulss	20(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, -4(%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm0
	vmulss	32(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rdx,%rsi)
	addq	$12, %rsi
	cmpq	$104, %rsi
	jne	.LBB1_1
	vzeroupper
	retq
.Lfunc_end1:
	.size	k1_enc2, .Lfunc_end1-k1_enc2

	.globl	k2_head
	.p2align	4, 0x90
	.type	k2_head,@function
k2_head:
	movq	56(%rdi), %rax
	movq	80(%rdi), %rcx
	movq	96(%rdi), %rdx
	movq	88(%rdi), %rsi
	vmovss	(%rsi), %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	(%rsi), %xmm1
	vmovss	%xmm1, 4(%rdx)
	vmovss	(%rax), %xmm2
	vmulss	(%rcx), %xmm2, %xmm2
	vaddss	%xmm2, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	4(%rax), %xmm2
	vmulss	4(%rcx), %xmm2, %xmm2
	vaddss	%xmm2, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	8(%rax), %xmm2
	vmulss	8(%rcx), %xmm2, %xmm2
	vaddss	%xmm2, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	12(%rax), %xmm0
	vmulss	(%rcx), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, 4(%rdx)
	vmovss	16(%rax), %xmm1
	vmulss	4(%rcx), %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 4(%rdx)
	vmovss	20(%rax), %xmm1
	vmulss	8(%rcx), %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 4(%rdx)
	retq
.Lfunc_end2:
	.size	k2_head, .Lfunc_end2-k2_head

	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI3_0:
	.long	0x80000000
.LCPI3_1:
	.long	0x3f800000
	.text
	.globl	k3_prob
	.p2align	4, 0x90
	.type	k3_prob,@function
k3_prob:
	pushq	%rbx
	subq	$32, %rsp
	movq	96(%rdi), %rbx
	vmovss	(%rbx), %xmm0
	vmovss	4(%rbx), %xmm1
	vmovaps	%xmm1, 16(%rsp)
	vbroadcastss	.LCPI3_0(%rip), %xmm1
	vmovaps	%xmm1, (%rsp)
	vxorps	%xmm1, %xmm0, %xmm0
	callq	expf@PLT
	vmovss	.LCPI3_1(%rip), %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vdivss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, (%rbx)
	vmovaps	(%rsp), %xmm0
	vxorps	16(%rsp), %xmm0, %xmm0
	callq	expf@PLT
	vmovss	.LCPI3_1(%rip), %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vdivss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, 4(%rbx)
	addq	$32, %rsp
	popq	%rbx
	retq
.Lfunc_end3:
	.size	k3_prob, .Lfunc_end3-k3_prob

	.globl	k4_d_loss
	.p2align	4, 0x90
	.type	k4_d_loss,@function
k4_d_loss:
	movq	128(%rdi), %rax
	movl	$1065353216, (%rax)
	retq
.Lfunc_end4:
	.size	k4_d_loss, .Lfunc_end4-k4_d_loss

	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI5_0:
	.long	0x3f800000
	.text
	.globl	k5_d_prob
	.p2align	4, 0x90
	.type	k5_d_prob,@function
k5_d_prob:
	movq	96(%rdi), %rax
	movq	136(%rdi), %rcx
	vmovss	(%rax), %xmm0
	vmovss	.LCPI5_0(%rip), %xmm1
	vsubss	%xmm0, %xmm1, %xmm2
	vmulss	%xmm2, %xmm0, %xmm0
	vmulss	(%rcx), %xmm0, %xmm0
	vmovss	%xmm0, (%rcx)
	vmovss	4(%rax), %xmm0
	vsubss	%xmm0, %xmm1, %xmm1
	vmulss	%xmm1, %xmm0, %xmm0
	vmulss	4(%rcx), %xmm0, %xmm0
	vmovss	%xmm0, 4(%rcx)
	retq
.Lfunc_end5:
	.size	k5_d_prob, .Lfunc_end5-k5_d_prob

	.globl	k6_d_head
	.p2align	4, 0x90
	.type	k6_d_head,@function
k6_d_head:
	movq	80(%rdi), %rax
	movq	136(%rdi), %rcx
	movq	152(%rdi), %rdx
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%xmm0, (%rdx)
	movq	$0, 16(%rdx)
	vmovss	(%rcx), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vxorps	%xmm1, %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	(%rcx), %xmm0
	vmulss	4(%rax), %xmm0, %xmm0
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 4(%rdx)
	vmovss	(%rcx), %xmm0
	vmulss	8(%rax), %xmm0, %xmm0
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 8(%rdx)
	vmovss	4(%rcx), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 12(%rdx)
	vmovss	4(%rcx), %xmm0
	vmulss	4(%rax), %xmm0, %xmm0
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 16(%rdx)
	vmovss	4(%rcx), %xmm0
	vmulss	8(%rax), %xmm0, %xmm0
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 20(%rdx)
	retq
.Lfunc_end6:
	.size	k6_d_head, .Lfunc_end6-k6_d_head

	.globl	k7_d_head_1
	.p2align	4, 0x90
	.type	k7_d_head_1,@function
k7_d_head_1:
	movq	56(%rdi), %rax
	movq	136(%rdi), %rcx
	movq	160(%rdi), %rdx
	movl	$0, 8(%rdx)
	movq	$0, (%rdx)
	vmovss	(%rcx), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vxorps	%xmm1, %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	(%rcx), %xmm2
	vmulss	4(%rax), %xmm2, %xmm2
	vaddss	%xmm1, %xmm2, %xmm2
	vmovss	%xmm2, 4(%rdx)
	vmovss	(%rcx), %xmm3
	vmulss	8(%rax), %xmm3, %xmm3
	vaddss	%xmm1, %xmm3, %xmm1
	vmovss	%xmm1, 8(%rdx)
	vmovss	4(%rcx), %xmm3
	vmulss	12(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, (%rdx)
	vmovss	4(%rcx), %xmm0
	vmulss	16(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, 4(%rdx)
	vmovss	4(%rcx), %xmm0
	vmulss	20(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, 8(%rdx)
	retq
.Lfunc_end7:
	.size	k7_d_head_1, .Lfunc_end7-k7_d_head_1

	.globl	k8_d_head_2
	.p2align	4, 0x90
	.type	k8_d_head_2,@function
k8_d_head_2:
	movq	136(%rdi), %rax
	movq	168(%rdi), %rcx
	movl	$0, (%rcx)
	vxorps	%xmm0, %xmm0, %xmm0
	vaddss	(%rax), %xmm0, %xmm0
	vmovss	%xmm0, (%rcx)
	vaddss	4(%rax), %xmm0, %xmm0
	vmovss	%xmm0, (%rcx)
	retq
.Lfunc_end8:
	.size	k8_d_head_2, .Lfunc_end8-k8_d_head_2

	.globl	k9_d_enc2_1
	.p2align	4, 0x90
	.type	k9_d_enc2_1,@function
k9_d_enc2_1:
	movq	24(%rdi), %rax
	movq	192(%rdi), %rcx
	movq	216(%rdi), %rdx
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%ymm0, 64(%rdx)
	vmovups	%ymm0, 32(%rdx)
	vmovups	%ymm0, (%rdx)
	movl	$8, %esi
	.p2align	4, 0x90
.LBB9_1:
	vmovss	-8(%rcx,%rsi), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vaddss	-8(%rdx,%rsi), %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	-8(%rcx,%rsi), %xmm1
	vmulss	4(%rax), %xmm1, %xmm1
	vaddss	-4(%rdx,%rsi), %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx,%rsi)
	vmovss	-8(%rcx,%rsi), %xmm2
	vmulss	8(%rax), %xmm2, %xmm2
	vaddss	(%rdx,%rsi), %xmm2, %xmm2
	vmovss	%xmm2, (%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	12(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	16(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx,%rsi)
	vmovss	-4(%rcx,%rsi), %xmm3
	vmulss	20(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm3
	vmulss	24(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm0
	vmulss	28(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, -4(%rdx,%rsi)
	vmovss	(%rcx,%rsi), %xmm0
	vmulss	32(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rdx,%rsi)
	addq	$12, %rsi
	cmpq	$104, %rsi
	jne	.LBB9_1
	vzeroupper
	retq
.Lfunc_end9:
	.size	k9_d_enc2_1, .Lfunc_end9-k9_d_enc2_1

	.globl	k10_d_enc2_4
	.p2align	4, 0x90
	.type	k10_d_enc2_4,@function
k10_d_enc2_4:
	movq	40(%rdi), %rax
	movq	192(%rdi), %rcx
	movq	240(%rdi), %rdx
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%ymm0, (%rdx)
	movl	$0, 32(%rdx)
	addq	$8, %rdx
	movq	$-3, %rsi
	.p2align	4, 0x90
.LBB10_1:
	vmovss	12(%rcx,%rsi,4), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vaddss	-8(%rdx), %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	12(%rcx,%rsi,4), %xmm1
	vmulss	4(%rax), %xmm1, %xmm1
	vaddss	-4(%rdx), %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	12(%rcx,%rsi,4), %xmm2
	vmulss	8(%rax), %xmm2, %xmm2
	vaddss	(%rdx), %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	12(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	16(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	20(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	24(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	28(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	32(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	36(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	40(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	44(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	48(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	52(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	56(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	60(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	64(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	68(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	72(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	76(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	80(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm3
	vmulss	84(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm0
	vmulss	88(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, -4(%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm0
	vmulss	92(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rdx)
	addq	$12, %rdx
	incq	%rsi
	jne	.LBB10_1
	vzeroupper
	retq
.Lfunc_end10:
	.size	k10_d_enc2_4, .Lfunc_end10-k10_d_enc2_4

	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI11_0:
	.long	0x3f800000
	.text
	.globl	k11_d_enc
	.p2align	4, 0x90
	.type	k11_d_enc,@function
k11_d_enc:
	movq	216(%rdi), %rcx
	movq	40(%rdi), %rdx
	movq	200(%rdi), %rax
	vmovss	(%rax), %xmm0
	vaddss	(%rcx), %xmm0, %xmm1
	vmovss	4(%rax), %xmm2
	vmovss	(%rdx), %xmm0
	vmulss	%xmm0, %xmm0, %xmm3
	vmovss	.LCPI11_0(%rip), %xmm0
	vsubss	%xmm3, %xmm0, %xmm3
	vmulss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, (%rax)
	vaddss	4(%rcx), %xmm2, %xmm1
	vmovss	4(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 4(%rax)
	vmovss	8(%rax), %xmm1
	vaddss	8(%rcx), %xmm1, %xmm1
	vmovss	8(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 8(%rax)
	vmovss	12(%rax), %xmm1
	vaddss	12(%rcx), %xmm1, %xmm1
	vmovss	12(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 12(%rax)
	vmovss	16(%rax), %xmm1
	vaddss	16(%rcx), %xmm1, %xmm1
	vmovss	16(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 16(%rax)
	vmovss	20(%rax), %xmm1
	vaddss	20(%rcx), %xmm1, %xmm1
	vmovss	20(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 20(%rax)
	vmovss	24(%rax), %xmm1
	vaddss	24(%rcx), %xmm1, %xmm1
	vmovss	24(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 24(%rax)
	vmovss	28(%rax), %xmm1
	vaddss	28(%rcx), %xmm1, %xmm1
	vmovss	28(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 28(%rax)
	vmovss	32(%rax), %xmm1
	vaddss	32(%rcx), %xmm1, %xmm1
	vmovss	32(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 32(%rax)
	vmovss	36(%rax), %xmm1
	vaddss	36(%rcx), %xmm1, %xmm1
	vmovss	36(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 36(%rax)
	vmovss	40(%rax), %xmm1
	vaddss	40(%rcx), %xmm1, %xmm1
	vmovss	40(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 40(%rax)
	vmovss	44(%rax), %xmm1
	vaddss	44(%rcx), %xmm1, %xmm1
	vmovss	44(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 44(%rax)
	vmovss	48(%rax), %xmm1
	vaddss	48(%rcx), %xmm1, %xmm1
	vmovss	48(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 48(%rax)
	vmovss	52(%rax), %xmm1
	vaddss	52(%rcx), %xmm1, %xmm1
	vmovss	52(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 52(%rax)
	vmovss	56(%rax), %xmm1
	vaddss	56(%rcx), %xmm1, %xmm1
	vmovss	56(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 56(%rax)
	vmovss	60(%rax), %xmm1
	vaddss	60(%rcx), %xmm1, %xmm1
	vmovss	60(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 60(%rax)
	vmovss	64(%rax), %xmm1
	vaddss	64(%rcx), %xmm1, %xmm1
	vmovss	64(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 64(%rax)
	vmovss	68(%rax), %xmm1
	vaddss	68(%rcx), %xmm1, %xmm1
	vmovss	68(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 68(%rax)
	vmovss	72(%rax), %xmm1
	vaddss	72(%rcx), %xmm1, %xmm1
	vmovss	72(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 72(%rax)
	vmovss	76(%rax), %xmm1
	vaddss	76(%rcx), %xmm1, %xmm1
	vmovss	76(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 76(%rax)
	vmovss	80(%rax), %xmm1
	vaddss	80(%rcx), %xmm1, %xmm1
	vmovss	80(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 80(%rax)
	vmovss	84(%rax), %xmm1
	vaddss	84(%rcx), %xmm1, %xmm1
	vmovss	84(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 84(%rax)
	vmovss	88(%rax), %xmm1
	vaddss	88(%rcx), %xmm1, %xmm1
	vmovss	88(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm2
	vmulss	%xmm2, %xmm1, %xmm1
	vmovss	%xmm1, 88(%rax)
	vmovss	92(%rax), %xmm1
	vaddss	92(%rcx), %xmm1, %xmm1
	vmovss	92(%rdx), %xmm2
	vmulss	%xmm2, %xmm2, %xmm2
	vsubss	%xmm2, %xmm0, %xmm0
	vmulss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, 92(%rax)
	retq
.Lfunc_end11:
	.size	k11_d_enc, .Lfunc_end11-k11_d_enc

	.globl	k12_d_enc_3
	.p2align	4, 0x90
	.type	k12_d_enc_3,@function
k12_d_enc_3:
	movq	(%rdi), %rax
	movq	200(%rdi), %rcx
	movq	280(%rdi), %rdx
	vxorps	%xmm0, %xmm0, %xmm0
	vmovups	%ymm0, (%rdx)
	movl	$0, 32(%rdx)
	addq	$8, %rdx
	movq	$-3, %rsi
	.p2align	4, 0x90
.LBB12_1:
	vmovss	12(%rcx,%rsi,4), %xmm0
	vmulss	(%rax), %xmm0, %xmm0
	vaddss	-8(%rdx), %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	12(%rcx,%rsi,4), %xmm1
	vmulss	4(%rax), %xmm1, %xmm1
	vaddss	-4(%rdx), %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	12(%rcx,%rsi,4), %xmm2
	vmulss	8(%rax), %xmm2, %xmm2
	vaddss	(%rdx), %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	12(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	16(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	24(%rcx,%rsi,4), %xmm3
	vmulss	20(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	24(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	28(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	36(%rcx,%rsi,4), %xmm3
	vmulss	32(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	36(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	40(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	48(%rcx,%rsi,4), %xmm3
	vmulss	44(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	48(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	52(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	60(%rcx,%rsi,4), %xmm3
	vmulss	56(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	60(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	64(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	72(%rcx,%rsi,4), %xmm3
	vmulss	68(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	72(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	76(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm1, %xmm1
	vmovss	%xmm1, -4(%rdx)
	vmovss	84(%rcx,%rsi,4), %xmm3
	vmulss	80(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	%xmm2, (%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm3
	vmulss	84(%rax), %xmm3, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, -8(%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm0
	vmulss	88(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm1, %xmm0
	vmovss	%xmm0, -4(%rdx)
	vmovss	96(%rcx,%rsi,4), %xmm0
	vmulss	92(%rax), %xmm0, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rdx)
	addq	$12, %rdx
	incq	%rsi
	jne	.LBB12_1
	vzeroupper
	retq
.Lfunc_end12:
	.size	k12_d_enc_3, .Lfunc_end12-k12_d_enc_3

	.globl	k13_d_enc_4
	.p2align	4, 0x90
	.type	k13_d_enc_4,@function
k13_d_enc_4:
	movq	200(%rdi), %rax
	movq	288(%rdi), %rcx
	movl	$0, 8(%rcx)
	movq	$0, (%rcx)
	vxorps	%xmm0, %xmm0, %xmm0
	vaddss	(%rax), %xmm0, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	4(%rax), %xmm0, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	8(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	12(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	16(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	20(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	24(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	28(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	32(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	36(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	40(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	44(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	48(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	52(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	56(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	60(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	64(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	68(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	72(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	76(%rax), %xmm2, %xmm2
	vmovss	%xmm2, 4(%rcx)
	vaddss	80(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	vaddss	84(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	88(%rax), %xmm2, %xmm1
	vmovss	%xmm1, 4(%rcx)
	vaddss	92(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	retq
.Lfunc_end13:
	.size	k13_d_enc_4, .Lfunc_end13-k13_d_enc_4

	.globl	k14_d_enc_5
	.p2align	4, 0x90
	.type	k14_d_enc_5,@function
k14_d_enc_5:
	movq	240(%rdi), %rax
	movq	280(%rdi), %rcx
	vmovss	(%rax), %xmm0
	vmovss	4(%rax), %xmm1
	vaddss	(%rcx), %xmm0, %xmm0
	vmovss	%xmm0, (%rax)
	vaddss	4(%rcx), %xmm1, %xmm0
	vmovss	%xmm0, 4(%rax)
	vmovss	8(%rax), %xmm0
	vaddss	8(%rcx), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rax)
	vmovss	12(%rax), %xmm0
	vaddss	12(%rcx), %xmm0, %xmm0
	vmovss	%xmm0, 12(%rax)
	vmovss	16(%rax), %xmm0
	vaddss	16(%rcx), %xmm0, %xmm0
	vmovss	%xmm0, 16(%rax)
	vmovss	20(%rax), %xmm0
	vaddss	20(%rcx), %xmm0, %xmm0
	vmovss	%xmm0, 20(%rax)
	vmovss	24(%rax), %xmm0
	vaddss	24(%rcx), %xmm0, %xmm0
	vmovss	%xmm0, 24(%rax)
	vmovss	28(%rax), %xmm0
	vaddss	28(%rcx), %xmm0, %xmm0
	vmovss	%xmm0, 28(%rax)
	vmovss	32(%rax), %xmm0
	vaddss	32(%rcx), %xmm0, %xmm0
	vmovss	%xmm0, 32(%rax)
	retq
.Lfunc_end14:
	.size	k14_d_enc_5, .Lfunc_end14-k14_d_enc_5

	.section	".note.GNU-stack","",@progbits
